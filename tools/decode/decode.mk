# decode reads and writes the simplified XML with libxml2.
decode_PKGS := libxml-2.0
