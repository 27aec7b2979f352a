"""File formats: the YAML script, test cases, the dialer package, importers. Parse into plain
data, then build the model; every problem names its file and line."""
