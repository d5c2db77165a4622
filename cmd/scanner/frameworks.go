package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/storewatch/storewatch/policies"
)

func frameworksCommand() *cli.Command {
	return &cli.Command{
		Name:  "frameworks",
		Usage: "list the compliance frameworks the rules map to",
		Subcommands: []*cli.Command{{
			Name:  "list",
			Usage: "list the frameworks with how many of their controls the rules implement",
			Flags: engineFlags(),
			Action: func(c *cli.Context) error {
				eng, err := loadEngine(c)
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(c.App.Writer, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "KEY\tCONTROLS\tRULES\tTITLE")
				for _, fw := range policies.Frameworks {
					controls, rules := map[string]bool{}, 0
					for _, r := range eng.Rules() {
						if ids := r.Frameworks[fw.Key]; len(ids) > 0 {
							rules++
							for _, id := range ids {
								controls[id] = true
							}
						}
					}
					fmt.Fprintf(tw, "%s\t%d\t%d\t%s\n", fw.Key, len(controls), rules, fw.Title)
				}
				return tw.Flush()
			},
		}},
	}
}
