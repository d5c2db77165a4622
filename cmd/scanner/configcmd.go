package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/storewatch/storewatch/internal/config"
	"github.com/storewatch/storewatch/policies"
)

func configCommand() *cli.Command {
	return &cli.Command{
		Name:  "config",
		Usage: "storewatch.yaml: print its schema or check a file",
		Subcommands: []*cli.Command{
			{
				Name:  "schema",
				Usage: "print the JSON Schema of storewatch.yaml",
				Action: func(c *cli.Context) error {
					b, err := config.Schema()
					if err != nil {
						return err
					}
					_, err = c.App.Writer.Write(b)
					return err
				},
			},
			{
				Name:      "check",
				Usage:     "validate a configuration file (default ./storewatch.yaml)",
				ArgsUsage: "[FILE]",
				Action: func(c *cli.Context) error {
					file := config.DefaultFile
					if c.NArg() > 0 {
						file = c.Args().First()
					}
					cfg, err := config.Load(file, true)
					if err != nil {
						return err
					}
					// Rule ids, parameter names and types are known only to the rules: load
					// them as evaluate would, so a file that check accepts, evaluate accepts.
					overrides := map[string]policies.Severity{}
					for id, sev := range cfg.SeverityOverrides {
						overrides[id] = policies.Severity(sev)
					}
					if _, err := loadRules(c.Context, policies.Options{
						PolicyDirs:        cfg.Policy,
						Config:            map[string]any{"params": cfg.RuleParams()},
						SeverityOverrides: overrides,
					}); err != nil {
						return fmt.Errorf("%s: %w", file, err)
					}
					fmt.Fprintf(c.App.Writer, "%s: valid\n", file)
					return nil
				},
			},
		},
	}
}
