package main

import (
	"github.com/urfave/cli/v2"

	"github.com/storewatch/storewatch/internal/run"
)

func scanCommand() *cli.Command {
	return &cli.Command{
		Name:  "scan",
		Usage: "collect AWS accounts and judge them in one run",
		Description: `Collects like "collect", writes the snapshot (--snapshot, by default snapshot.json beside
the first report file) and judges that file exactly as "evaluate" would, so the SARIF results
point into it.`,
		Flags: append(append(append(append(selectionFlags(), outputFlags()...), triageFlags()...), awsFlags()...),
			&cli.StringFlag{Name: "snapshot", Usage: "write the snapshot to `PATH` (default: snapshot.json beside the first report file)"},
		),
		Action: func(c *cli.Context) error {
			eval, err := pipelineOptions(c)
			if err != nil {
				return err
			}
			col, err := collectOptions(c)
			if err != nil {
				return err
			}
			// The collector reads what the rules need, so they are compiled first.
			if eval.Engine, err = eval.LoadEngine(c.Context); err != nil {
				return err
			}
			col.Rules = eval.Engine.Rules()
			report, err := run.Scan(c.Context, run.ScanOptions{Collect: col, Evaluate: eval, Snapshot: c.String("snapshot")})
			if err != nil {
				return err
			}
			return gateResult(report)
		},
	}
}
