package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/storewatch/storewatch/reporters"
)

func rulesCommand() *cli.Command {
	return &cli.Command{
		Name:  "rules",
		Usage: "list the rules or show one",
		Subcommands: []*cli.Command{
			{
				Name:  "list",
				Usage: "list every rule with its severity and framework controls",
				Flags: append(engineFlags(), &cli.StringFlag{Name: "format", Value: "table", Usage: "table or json"}),
				Action: func(c *cli.Context) error {
					eng, err := loadEngine(c)
					if err != nil {
						return err
					}
					if c.String("format") == "json" {
						enc := json.NewEncoder(c.App.Writer)
						enc.SetIndent("", "  ")
						return enc.Encode(eng.Rules())
					}
					if c.String("format") != "table" {
						return fmt.Errorf("--format %q: want table or json", c.String("format"))
					}
					tw := tabwriter.NewWriter(c.App.Writer, 0, 0, 2, ' ', 0)
					fmt.Fprintln(tw, "ID\tSEVERITY\tSERVICE\tTITLE\tFRAMEWORKS")
					// A user rule's metadata (--policy, maybe from the pull request judged) is
					// shown inert, as the reports show it: no escape sequence reaches the terminal.
					for _, r := range eng.Rules() {
						fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", cell(r.ID), r.Severity, cell(r.Service), cell(r.Title), cell(frameworksText(r.Frameworks)))
					}
					return tw.Flush()
				},
			},
			{
				Name:      "show",
				Usage:     "show a rule's description, frameworks and remediation",
				ArgsUsage: "ID",
				Flags:     engineFlags(),
				Action: func(c *cli.Context) error {
					if c.NArg() != 1 {
						return fmt.Errorf("rules show needs one rule ID")
					}
					eng, err := loadEngine(c)
					if err != nil {
						return err
					}
					r, ok := eng.Rule(c.Args().First())
					if !ok {
						return fmt.Errorf("no rule %q (see scanner rules list)", c.Args().First())
					}
					w := c.App.Writer
					fmt.Fprintf(w, "%s  %s\n\nSeverity: %s (security-severity %.1f)\nService: %s\nResource types: %s\n",
						cell(r.ID), cell(r.Title), r.Severity, r.SecuritySeverity, cell(r.Service), cell(strings.Join(r.ResourceTypes, ", ")))
					if len(r.Frameworks) > 0 {
						fmt.Fprintf(w, "Frameworks: %s\n", cell(frameworksText(r.Frameworks)))
					}
					fmt.Fprintf(w, "Source: %s:%d\n\n%s\n\nRemediation\n  Console: %s\n  CLI: %s\n  Terraform:\n%s\n",
						cell(r.File), r.Line, text(r.Description), text(r.Remediation.Console), text(r.Remediation.CLI), indent(text(r.Remediation.Terraform), "    "))
					return nil
				},
			},
		},
	}
}

// cell is a line of a user rule's metadata made inert for the terminal, line breaks too.
func cell(s string) string { return reporters.Neutralize(s, false) }

// text is a paragraph of a user rule's metadata made inert, its line breaks kept.
func text(s string) string { return reporters.Neutralize(s, true) }

func frameworksText(fw map[string][]string) string {
	keys := make([]string, 0, len(fw))
	for k := range fw {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+" "+strings.Join(fw[k], ","))
	}
	return strings.Join(parts, "; ")
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i := range lines {
		lines[i] = prefix + lines[i]
	}
	return strings.Join(lines, "\n")
}
