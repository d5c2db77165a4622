package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/storewatch/storewatch/internal/config"
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
					if _, err := config.Load(file, true); err != nil {
						return err
					}
					fmt.Fprintf(c.App.Writer, "%s: valid\n", file)
					return nil
				},
			},
		},
	}
}
