package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/storewatch/storewatch/internal/run"
	awsinv "github.com/storewatch/storewatch/inventory/aws"
)

func iamPolicyCommand() *cli.Command {
	return &cli.Command{
		Name:  "iam-policy",
		Usage: "print the least-privilege IAM policy for the enabled rules",
		Description: `Prints the IAM policy document that allows exactly the read-only calls "collect" and
"scan" make for the enabled rules (built-in and --policy). The AWS managed policy SecurityAudit
(arn:aws:iam::aws:policy/SecurityAudit) covers the same calls and more.`,
		Flags: append(selectionFlags(),
			&cli.BoolFlag{Name: "org", Usage: "add what the starting identity of --org needs (organizations:ListAccounts, sts:AssumeRole)"},
			&cli.StringFlag{Name: "org-role", Value: "OrganizationAccountAccessRole", Usage: "with --org, the `ROLE` name assumed in each account"},
			&cli.BoolFlag{Name: "discover-regions", Value: true, Usage: "include ec2:DescribeRegions (needed unless every scan names its regions)"},
			&cli.BoolFlag{Name: "all-operations", Usage: "allow every operation the collector knows"},
			&cli.BoolFlag{Name: "list", Usage: "list the operations instead of printing the policy"},
		),
		Action: func(c *cli.Context) error {
			eng, err := selectedEngine(c)
			if err != nil {
				return err
			}
			po := awsinv.PlanOptions{DiscoverRegions: c.Bool("discover-regions"), Organization: c.Bool("org"), All: c.Bool("all-operations")}
			if c.Bool("list") {
				for _, op := range run.OperationsFor(eng.Rules(), po) {
					fmt.Fprintln(c.App.Writer, op)
				}
				return nil
			}
			role := ""
			if c.Bool("org") {
				role = c.String("org-role")
			}
			doc, unknown, err := run.IAMPolicy(eng.Rules(), po, role)
			if err != nil {
				return err
			}
			for _, op := range unknown {
				logger(c).Warn("a rule requires an operation the collector never calls", "api", op)
			}
			_, err = c.App.Writer.Write(doc)
			return err
		},
	}
}
