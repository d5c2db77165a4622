package policies

import "embed"

// FS holds the built-in rules, their tests and the shared library: the rules the binary
// runs are the files the tests test.
//
//go:embed aws lib
var FS embed.FS
