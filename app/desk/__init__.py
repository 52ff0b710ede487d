"""The desk as a whole: opening the data directory and wiring the services (AppContext),
maintenance of its store, and the demo outlet."""
