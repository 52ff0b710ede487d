"""How Chudan is packaged: what goes into the frozen bundle, the notices, the .deb, Windows
and head office's service files. Used by build_installer.spec, the scripts and the tests; never
imported by the app."""
