package main

import (
	"context"
	"fmt"
	"os"
	"slices"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/storewatch/storewatch/internal/run"
	awsinv "github.com/storewatch/storewatch/inventory/aws"
	"github.com/storewatch/storewatch/policies"
	"github.com/storewatch/storewatch/reporters"
)

func engineFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringSliceFlag{Name: "policy", Usage: "add the rules in `DIR` (or a .rego file) to the built-in ones; repeatable"},
	}
}

func outputFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "format", Value: reporters.FormatTable, Usage: "format written to stdout: " + joinFormats()},
		&cli.StringSliceFlag{Name: "output", Aliases: []string{"o"}, Usage: "also write `FORMAT=PATH` (repeatable), for example -o sarif=results.sarif -o html=report.html"},
		&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "table: show the summary and failures only"},
		&cli.BoolFlag{Name: "sarif-include-pass", Usage: "SARIF: include passing results (kind pass, level none)"},
		&cli.StringFlag{Name: "sarif-category", Usage: "SARIF: the code scanning `CATEGORY` of the runs (automationDetails.id CATEGORY/<kind>/<account>/; default storewatch), one per Terraform root or matrix job; upload-sarif's category input cannot override it", EnvVars: []string{"STOREWATCH_SARIF_CATEGORY"}},
	}
}

func joinFormats() string {
	s := ""
	for i, f := range reporters.Formats() {
		if i > 0 {
			s += ", "
		}
		s += f
	}
	return s
}

func evaluateCommand() *cli.Command {
	return &cli.Command{
		Name:      "evaluate",
		Usage:     "judge a snapshot or a Terraform plan (terraform show -json)",
		ArgsUsage: "FILE (- for standard input)",
		Flags: append(append(append(selectionFlags(), outputFlags()...), triageFlags()...),
			&cli.StringFlag{Name: "input-type", Value: run.InputAuto, Usage: "auto, snapshot or terraform-plan"},
			&cli.StringFlag{Name: "tf-dir", Usage: "plans: the Terraform configuration `DIR` the plan was made in, for source locations (default: the plan file's directory; the working directory for -)"},
			&cli.StringFlag{Name: "snapshot", Usage: "plans: judge the plan together with the live account in snapshot `FILE` (otherwise account-wide checks are unknown)"},
		),
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return fmt.Errorf("evaluate needs exactly one FILE (a snapshot or a plan), got %d arguments", c.NArg())
			}
			opts, err := pipelineOptions(c)
			if err != nil {
				return err
			}
			opts.Input = c.Args().First()
			opts.InputType = c.String("input-type")
			opts.TFDir = c.String("tf-dir")
			opts.LiveSnapshot = c.String("snapshot")
			report, err := run.Evaluate(c.Context, opts)
			if err != nil {
				return err
			}
			return gateResult(report)
		},
	}
}

// loadRules compiles the rules as every command does: the operations a rule requires or
// collects must be ones the collector knows.
func loadRules(ctx context.Context, o policies.Options) (*policies.Engine, error) {
	o.KnownOperation = awsinv.IsOperation
	return policies.Load(ctx, o)
}

// loadEngine compiles the rules for the commands that only list them.
func loadEngine(c *cli.Context) (*policies.Engine, error) {
	return loadRules(c.Context, policies.Options{PolicyDirs: c.StringSlice("policy")})
}

// selectedEngine compiles the rules the configuration and flags select, for the commands
// that need the rules but do not judge (collect, iam-policy).
func selectedEngine(c *cli.Context) (*policies.Engine, error) {
	s, err := loadSettings(c, false)
	if err != nil {
		return nil, err
	}
	return loadRules(c.Context, s.engine)
}

// pipelineOptions reads the configuration and the flags every judging command shares and
// compiles the selected rules.
func pipelineOptions(c *cli.Context) (run.Options, error) {
	s, err := loadSettings(c, true)
	if err != nil {
		return run.Options{}, err
	}
	opts := judgeOptions(c, s)
	outs := append([]run.Output{{Format: c.String("format")}}, s.outputs...)
	if _, err := reporters.ByName(c.String("format"), reporters.Options{}); err != nil {
		return run.Options{}, fmt.Errorf("--format: %w", err)
	}
	for _, v := range c.StringSlice("output") {
		o, err := run.ParseOutput(v)
		if err != nil {
			return run.Options{}, err
		}
		outs = append(outs, o)
	}
	// -o FORMAT=- asks for that format on stdout: it takes the place of the table
	// --format writes there by default, rather than being appended to it.
	if !c.IsSet("format") && slices.ContainsFunc(outs[1:], func(o run.Output) bool { return o.Path == "-" }) {
		outs = outs[1:]
	}
	opts.Outputs = outs
	opts.Reporter = reporters.Options{
		Color:            useColor(c),
		Width:            terminalWidth(c),
		Quiet:            c.Bool("quiet"),
		SARIFIncludePass: c.Bool("sarif-include-pass"),
		SARIFCategory:    c.String("sarif-category"),
		Logger:           logger(c),
	}
	return opts, nil
}

// judgeOptions fills what every judging command shares; the selected rules are compiled
// when the command needs them.
func judgeOptions(c *cli.Context, s *settings) run.Options {
	engine := s.engine
	return run.Options{
		LoadEngine: func(ctx context.Context) (*policies.Engine, error) { return loadRules(ctx, engine) },
		Gate:       s.gate,
		Triage:     s.triage,
		Stdout:     c.App.Writer,
		Logger:     logger(c),
		Now:        s.now,
	}
}

// terminalWidth is the width of the terminal stdout is, or 0 (the table's default) when
// stdout is not a terminal.
func terminalWidth(c *cli.Context) int {
	f, ok := c.App.Writer.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	w, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return w
}

func gateResult(r *policies.Report) error {
	if r.Gate != nil && !r.Gate.Passed {
		return errGateFailed{reason: r.Gate.Reason}
	}
	return nil
}
