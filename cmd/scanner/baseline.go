package main

import (
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/storewatch/storewatch/internal/fileutil"
	"github.com/storewatch/storewatch/internal/run"
	"github.com/storewatch/storewatch/triage"
)

func baselineCommand() *cli.Command {
	return &cli.Command{
		Name:  "baseline",
		Usage: "manage the baseline of known findings (for --fail-on new)",
		Subcommands: []*cli.Command{{
			Name:      "create",
			Usage:     "judge FILE and record its failing and undecided findings as the baseline",
			ArgsUsage: "FILE",
			Flags: append(selectionFlags(),
				&cli.StringFlag{Name: "waivers", Usage: "apply the waivers in `FILE` first"},
				&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Value: ".storewatch-baseline.json", Usage: "write the baseline to `FILE`"},
				&cli.StringFlag{Name: "input-type", Value: run.InputAuto, Usage: "auto, snapshot or terraform-plan"},
			),
			Action: func(c *cli.Context) error {
				if c.NArg() != 1 {
					return fmt.Errorf("baseline create needs one FILE (a snapshot or a plan)")
				}
				s, err := loadSettings(c, false)
				if err != nil {
					return err
				}
				opts := judgeOptions(c, s)
				opts.Input, opts.InputType = c.Args().First(), c.String("input-type")
				opts.Gate = triage.GateOptions{FailOn: triage.FailOnNone}
				opts.Triage.Baseline = nil
				r, err := run.Evaluate(c.Context, opts)
				if err != nil {
					return err
				}
				b := triage.NewBaseline(r)
				if err := fileutil.WriteAtomic(c.String("output"), func(w io.Writer) error { return b.Write(w) }); err != nil {
					return err
				}
				fmt.Fprintf(c.App.ErrWriter, "wrote %s: %d findings\n", c.String("output"), len(b.Findings))
				return nil
			},
		}},
	}
}
