package main

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/storewatch/storewatch/internal/fileutil"
	"github.com/storewatch/storewatch/internal/run"
	awsinv "github.com/storewatch/storewatch/inventory/aws"
)

// awsFlags are the flags of the commands that read live accounts.
func awsFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "profile", Usage: "use the shared-config `PROFILE` (default: the SDK's default credential chain)", EnvVars: []string{"AWS_PROFILE"}},
		&cli.StringSliceFlag{Name: "region", Usage: "scan `REGION` (repeatable; default: every region the account has enabled)"},
		&cli.StringFlag{Name: "role-arn", Usage: "assume `ARN` first and scan with it"},
		&cli.StringFlag{Name: "external-id", Usage: "external `ID` for --role-arn and --org-role"},
		&cli.BoolFlag{Name: "org", Usage: "scan every active account of the organisation (needs organizations:ListAccounts)"},
		&cli.StringFlag{Name: "org-role", Value: "OrganizationAccountAccessRole", Usage: "with --org, the `ROLE` name assumed in each account"},
		&cli.StringFlag{Name: "endpoint-url", Usage: "send every API call to `URL` (an emulator); AWS_ENDPOINT_URL works too", EnvVars: []string{"STOREWATCH_ENDPOINT_URL"}},
		&cli.StringSliceFlag{Name: "endpoint", Usage: "send one service's calls to a URL: `SERVICE=URL` (repeatable; services as in iam-policy: s3, logs, es, ...)"},
		&cli.BoolFlag{Name: "no-redact", Usage: "keep SNS subscription endpoints (emails, URLs) in the snapshot"},
		&cli.BoolFlag{Name: "all-operations", Usage: "call every operation the collector knows, not only those the enabled rules need"},
		&cli.DurationFlag{Name: "call-timeout", Value: awsinv.DefaultCallTimeout, Usage: "give up one HTTP attempt after `DURATION`"},
		&cli.IntFlag{Name: "max-attempts", Value: awsinv.DefaultMaxAttempts, Usage: "attempts per API call (adaptive retry with backoff)"},
		&cli.IntFlag{Name: "concurrency", Value: awsinv.DefaultTasks, Usage: "region×service collectors running at once per account"},
		&cli.Float64Flag{Name: "rate", Value: awsinv.DefaultRate, Usage: "API calls per second sent to each service in each region of an account, retries included (negative: unpaced)"},
	}
}

// collectOptions reads the AWS flags into collector options.
func collectOptions(c *cli.Context) (run.CollectOptions, error) {
	if err := run.CheckRegions("--region", c.StringSlice("region")); err != nil {
		return run.CollectOptions{}, err
	}
	// The collector reads 0 and below as "the default": said on the command line, such a
	// value is a mistake, not a request for the default.
	if d := c.Duration("call-timeout"); d <= 0 {
		return run.CollectOptions{}, fmt.Errorf("%w: --call-timeout %s: want a positive duration such as 30s", run.ErrUsage, d)
	}
	for _, name := range []string{"max-attempts", "concurrency"} {
		if n := c.Int(name); n < 1 {
			return run.CollectOptions{}, fmt.Errorf("%w: --%s %d: want 1 or more", run.ErrUsage, name, n)
		}
	}
	// The collector takes a rate of 0 for its default, 20: a user who wrote 0 meant "no
	// calls" or "no limit", and got neither. A negative rate is the documented way to turn
	// pacing off, so only 0 is refused.
	if r := c.Float64("rate"); math.IsNaN(r) || math.IsInf(r, 0) || r == 0 {
		return run.CollectOptions{}, fmt.Errorf("%w: --rate %v: want calls per second above 0, such as 20 (negative: unpaced)", run.ErrUsage, r)
	}
	endpoints, err := run.ParseEndpoints(c.StringSlice("endpoint"))
	if err != nil {
		return run.CollectOptions{}, err
	}
	if u := c.String("endpoint-url"); u != "" {
		if err := run.CheckEndpointURL(u); err != nil {
			return run.CollectOptions{}, fmt.Errorf("%w: --endpoint-url: %w", run.ErrUsage, err)
		}
	} else if u := os.Getenv("AWS_ENDPOINT_URL"); u != "" {
		// The SDK takes it as it is: a malformed one ended in a message about credentials.
		if err := run.CheckEndpointURL(u); err != nil {
			return run.CollectOptions{}, fmt.Errorf("%w: AWS_ENDPOINT_URL: %w", run.ErrUsage, err)
		}
	}
	loadOpts := []func(*config.LoadOptions) error{config.WithLogger(awsinv.SDKLogger(logger(c)))}
	if p := c.String("profile"); p != "" {
		loadOpts = append(loadOpts, config.WithSharedConfigProfile(p))
	}
	cfg, err := config.LoadDefaultConfig(c.Context, loadOpts...)
	var noProfile config.SharedConfigProfileNotExistError
	if errors.As(err, &noProfile) {
		return run.CollectOptions{}, fmt.Errorf("%w: --profile %s: no such profile in the AWS shared config files (aws configure list-profiles lists them)", run.ErrUsage, noProfile.Profile)
	}
	// The SDK's words for a shared file it cannot read repeat its name: "failed to load
	// shared config file, d, read all: read d: is a directory".
	var loadErr config.SharedConfigLoadError
	if errors.As(err, &loadErr) {
		cause := fileutil.ReadError(loadErr.Filename, loadErr.Err)
		// The SDK formats its cause with %v: a directory is known by its words only.
		if strings.HasSuffix(loadErr.Err.Error(), "is a directory") {
			cause = fmt.Errorf("%s is a directory, not a file", loadErr.Filename)
		}
		return run.CollectOptions{}, fmt.Errorf("AWS shared config file (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE or ~/.aws): %w", cause)
	}
	if err != nil {
		return run.CollectOptions{}, fmt.Errorf("load AWS configuration: %w", err)
	}
	if cfg.Region != "" {
		if err := run.CheckRegions("the configured region (AWS_REGION, AWS_DEFAULT_REGION or the profile's)", []string{cfg.Region}); err != nil {
			return run.CollectOptions{}, err
		}
	}
	if c.Bool("org") && c.String("org-role") == "" {
		return run.CollectOptions{}, fmt.Errorf("%w: --org needs --org-role", run.ErrUsage)
	}
	// A mistyped ARN was sent to sts:AssumeRole, whose refusal read as missing credentials.
	if r := c.String("role-arn"); r != "" {
		if a, err := arn.Parse(r); err != nil || a.Service != "iam" || !strings.HasPrefix(a.Resource, "role/") {
			return run.CollectOptions{}, fmt.Errorf("%w: --role-arn %q is not a role ARN such as arn:aws:iam::111122223333:role/storewatch-audit", run.ErrUsage, r)
		}
	}
	if c.String("external-id") != "" && c.String("role-arn") == "" && !c.Bool("org") {
		return run.CollectOptions{}, fmt.Errorf("%w: --external-id is for the role of --role-arn or --org-role; give one of them", run.ErrUsage)
	}
	detail := "default credential chain"
	switch {
	case c.String("role-arn") != "":
		detail = "role " + c.String("role-arn")
	case c.String("profile") != "":
		detail = "profile " + c.String("profile")
	}
	if c.Bool("org") {
		detail += ", organisation accounts through role " + c.String("org-role")
	}
	return run.CollectOptions{
		AWS: awsinv.Options{
			Config:       cfg,
			Regions:      c.StringSlice("region"),
			RoleARN:      c.String("role-arn"),
			ExternalID:   c.String("external-id"),
			Org:          c.Bool("org"),
			OrgRole:      c.String("org-role"),
			Redact:       !c.Bool("no-redact"),
			Endpoints:    awsinv.Endpoints{URL: c.String("endpoint-url"), Services: endpoints},
			CallTimeout:  c.Duration("call-timeout"),
			MaxAttempts:  c.Int("max-attempts"),
			Tasks:        c.Int("concurrency"),
			Rate:         c.Float64("rate"),
			SourceDetail: detail,
			Now:          time.Now,
		},
		AllOperations: c.Bool("all-operations"),
		Stdout:        c.App.Writer,
		Stderr:        c.App.ErrWriter,
		Terminal:      stderrIsTerminal(c),
		Logger:        logger(c),
	}, nil
}

// stderrIsTerminal decides the progress display: it is drawn on stderr.
func stderrIsTerminal(c *cli.Context) bool {
	f, ok := c.App.ErrWriter.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func collectCommand() *cli.Command {
	return &cli.Command{
		Name:  "collect",
		Usage: "read AWS accounts with read-only calls into a snapshot",
		Description: `Reads the accounts (credentials from the SDK's default chain or --profile, --role-arn,
--org) in every enabled region, or those given with --region, calling only the operations the
enabled rules need. Whatever cannot be read (AccessDenied, throttling that outlived retries, an
unsupported region) is recorded in the snapshot, so the affected checks become unknown.`,
		Flags: append(append(selectionFlags(), awsFlags()...),
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Value: "-", Usage: "write the snapshot to `PATH` (- for stdout)"},
		),
		Action: func(c *cli.Context) error {
			eng, err := selectedEngine(c)
			if err != nil {
				return err
			}
			o, err := collectOptions(c)
			if err != nil {
				return err
			}
			o.Rules = eng.Rules()
			o.Output = c.String("output")
			_, err = run.Collect(c.Context, o)
			return err
		},
	}
}
