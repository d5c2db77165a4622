package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/urfave/cli/v2"

	"github.com/storewatch/storewatch/internal/fileutil"
)

// before runs ahead of every command: logging first, so that a profile error is reported
// like any other.
func before(c *cli.Context) error {
	if err := setupLogging(c); err != nil {
		return err
	}
	return startProfiles(c)
}

// memProfileKey holds, in the app's metadata, the heap profile's path once checked.
const memProfileKey = "memprofile"

type cpuProfileKey struct{}

func (cpuProfileKey) String() string { return "cpuprofile" }

// startProfiles starts the CPU profile asked for with --cpuprofile. The file is created
// before the command runs, so a bad path fails fast instead of after a long scan.
func startProfiles(c *cli.Context) error {
	// The heap profile is written when the command ends: a path it cannot be written to
	// failed the run only then, after the command had written its output (exit 2 with a
	// complete stdout).
	if path := c.String("memprofile"); path != "" {
		if err := fileutil.CheckWritable(path); err != nil {
			return fmt.Errorf("--memprofile: %w", err)
		}
		c.App.Metadata[memProfileKey] = path
	}
	path := c.String("cpuprofile")
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--cpuprofile %s: %w", path, pathErr(err))
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return fmt.Errorf("--cpuprofile: %w", err)
	}
	c.App.Metadata[cpuProfileKey{}.String()] = f
	return nil
}

// stopProfiles ends the CPU profile and writes the heap profile. urfave/cli runs it even
// when the command failed, so a profile of a failing run is still written.
func stopProfiles(c *cli.Context) error {
	var errs []error
	if f, ok := c.App.Metadata[cpuProfileKey{}.String()].(*os.File); ok {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			errs = append(errs, fmt.Errorf("--cpuprofile: %w", err))
		}
		delete(c.App.Metadata, cpuProfileKey{}.String())
	}
	// Only once startProfiles checked the path: after a failed check, urfave/cli still
	// runs this, and the same error would follow the first.
	if path, ok := c.App.Metadata[memProfileKey].(string); ok {
		delete(c.App.Metadata, memProfileKey)
		if err := writeHeapProfile(path); err != nil {
			errs = append(errs, fmt.Errorf("--memprofile: %w", err))
		}
	}
	return errors.Join(errs...)
}

func writeHeapProfile(path string) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	// Up-to-date statistics: the heap profile otherwise reflects the last GC only.
	runtime.GC()
	return pprof.Lookup("allocs").WriteTo(f, 0)
}
