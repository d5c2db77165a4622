package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/storewatch/storewatch/internal/demo"
	"github.com/storewatch/storewatch/internal/run"
	"github.com/storewatch/storewatch/reporters"
	"github.com/storewatch/storewatch/triage"
)

func demoCommand() *cli.Command {
	return &cli.Command{
		Name:  "demo",
		Usage: "judge the embedded demo account (no AWS account needed) and write its reports",
		Flags: append(engineFlags(),
			&cli.StringFlag{Name: "out", Value: "storewatch-demo", Usage: "write the snapshot and reports to `DIR`"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "show the summary and failures only"},
		),
		Action: func(c *cli.Context) error {
			eng, err := loadEngine(c)
			if err != nil {
				return err
			}
			dir := c.String("out")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				if fi, serr := os.Stat(dir); serr == nil && !fi.IsDir() {
					return fmt.Errorf("%w: --out %s is a file, not a directory: name a directory for the demo's reports", run.ErrUsage, dir)
				}
				return fmt.Errorf("--out %s: %w", dir, pathErr(err))
			}
			opts := run.Options{
				Engine:   eng,
				Reporter: reporters.Options{Color: useColor(c), Width: terminalWidth(c), Quiet: c.Bool("quiet")},
				// The demo shows the product working; it does not gate anything.
				Gate:   triage.GateOptions{FailOn: triage.FailOnNone},
				Stdout: c.App.Writer,
				Logger: logger(c),
			}
			files, err := run.Demo(c.Context, demo.Snapshot(), dir, opts)
			if err != nil {
				return err
			}
			fmt.Fprintln(c.App.ErrWriter, "\nwrote:")
			for _, f := range files {
				fmt.Fprintln(c.App.ErrWriter, "  "+filepath.ToSlash(f))
			}
			return nil
		},
	}
}
