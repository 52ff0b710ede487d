"""The desk as a whole: opening the data directory and wiring the services (AppContext), the
outlet and device it issues as, maintenance of its store, and the demo outlet."""
