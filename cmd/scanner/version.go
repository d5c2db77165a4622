package main

import (
	"fmt"
	"runtime"

	"github.com/urfave/cli/v2"

	"github.com/storewatch/storewatch/internal/version"
	"github.com/storewatch/storewatch/inventory"
	"github.com/storewatch/storewatch/policies"
)

func versionCommand() *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print the version, commit, build date and rule-set version",
		Action: func(c *cli.Context) error {
			date := version.Date
			if date == "" {
				date = "unknown"
			}
			_, err := fmt.Fprintf(c.App.Writer, "storewatch %s\ncommit: %s\nbuilt: %s\nrules: %s\nsnapshot schema: %s\nreport schema: %s\ngo: %s\n",
				version.String(), version.CommitHash(), date, policies.RulesVersion(), inventory.SchemaVersion, policies.ReportVersion, runtime.Version())
			return err
		},
	}
}
