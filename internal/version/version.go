// Package version reports what build of storewatch is running. The variables are set at
// link time by the Makefile (-ldflags -X); a plain `go build` reports the module version
// recorded by the Go toolchain, or "dev".
package version

import "runtime/debug"

// Set with -ldflags "-X github.com/storewatch/storewatch/internal/version.Version=...".
var (
	Version = ""
	Commit  = ""
	Date    = ""
)

// String returns the version, never empty.
func String() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "0.0.0-dev"
}

// CommitHash returns the commit the binary was built from, if known.
func CommitHash() string {
	if Commit != "" {
		return Commit
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				return s.Value
			}
		}
	}
	return "unknown"
}
