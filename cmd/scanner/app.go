package main

import (
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/storewatch/storewatch/internal/version"
)

const appHelp = `storewatch judges the monitoring and audit settings around AWS data stores (RDS,
Aurora, DynamoDB, S3, Redshift, DocumentDB, Neptune, ElastiCache, OpenSearch, MemoryDB)
against Rego rules: alarms on their key metrics that reach a person, log exports to
governed log groups, CloudTrail management and data events with integrity validation.

EXIT CODES
   0  the gate passed: no failed finding at or above --fail-on
   1  the gate failed: a finding at or above --fail-on failed (or, with --fail-on-unknown,
      a check could not be decided)
   2  storewatch could not run: bad flags, unreadable or invalid input, a broken rule,
      missing credentials, or an interruption`

func newApp(stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:                 "scanner",
		Usage:                "is every data store actually watched?",
		Description:          appHelp,
		Version:              version.String(),
		Writer:               stdout,
		ErrWriter:            stderr,
		EnableBashCompletion: false,
		HideVersion:          true,
		OnUsageError:         usageError,
		// The commands return errors; run maps them to exit codes in one place.
		ExitErrHandler: func(*cli.Context, error) {},
		Flags:          globalFlags(),
		Before:         before,
		After:          stopProfiles,
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				typed := c.Args().First()
				return fmt.Errorf("no command %q (%ssee scanner --help)", typed, didYouMean(typed, commandNames(c.App.Commands)))
			}
			return cli.ShowAppHelp(c)
		},
		Commands: []*cli.Command{
			evaluateCommand(),
			scanCommand(),
			collectCommand(),
			iamPolicyCommand(),
			demoCommand(),
			rulesCommand(),
			frameworksCommand(),
			baselineCommand(),
			diffCommand(),
			mergeCommand(),
			configCommand(),
			schemaCommand(),
			versionCommand(),
			devCommand(),
		},
	}
	setUsageErrors(app.Commands)
	return app
}
