package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/urfave/cli/v2"
)

// before runs ahead of every command: logging first, so that a profile error is reported
// like any other.
func before(c *cli.Context) error {
	if err := setupLogging(c); err != nil {
		return err
	}
	return startProfiles(c)
}

type cpuProfileKey struct{}

func (cpuProfileKey) String() string { return "cpuprofile" }

// startProfiles starts the CPU profile asked for with --cpuprofile. The file is created
// before the command runs, so a bad path fails fast instead of after a long scan.
func startProfiles(c *cli.Context) error {
	path := c.String("cpuprofile")
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--cpuprofile: %w", err)
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
	if path := c.String("memprofile"); path != "" {
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
