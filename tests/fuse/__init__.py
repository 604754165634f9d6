"""Tests of the fuse phase (a package, so that module names do not clash with other phases)."""
