package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/storewatch/storewatch/reporters"
)

// Exit codes: the gate contract, identical in every output mode.
const (
	exitOK       = 0 // the gate passed
	exitGateFail = 1 // findings at or above --fail-on failed (or unknowns, with --fail-on-unknown)
	exitError    = 2 // the scan could not run: bad flags, unreadable input, no credentials
)

// errGateFailed is returned by a command whose run completed but whose gate failed.
type errGateFailed struct{ reason string }

func (e errGateFailed) Error() string { return "gate failed: " + e.reason }

// execute runs the CLI and maps every outcome to an exit code. A panic becomes one line
// and exit code 2: a user never sees a stack trace.
func execute(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	stderr = sharedStderr(stderr)
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "storewatch: internal error: %s (please report this)\n", inert(fmt.Sprint(p)))
			code = exitError
		}
	}()
	app := newApp(stdout, stderr)
	err := app.RunContext(ctx, interspersed(app, args))
	var gate errGateFailed
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &gate):
		fmt.Fprintln(stderr, "storewatch: "+inert(err.Error()))
		return exitGateFail
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "storewatch: interrupted")
		return exitError
	default:
		fmt.Fprintln(stderr, "storewatch: "+inert(err.Error()))
		return exitError
	}
}

// inert makes an error message safe for a terminal: messages quote input files (a YAML
// key, a rule file's text), and an escape sequence in them must not reach the terminal.
func inert(msg string) string {
	return reporters.Neutralize(strings.TrimSpace(msg), true)
}

// usageError reports a bad invocation the way urfave/cli would, but without printing the
// whole help text after the error.
func usageError(c *cli.Context, err error, _ bool) error {
	hint := ""
	if typed, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: "); ok {
		flags := c.App.Flags
		if c.Command != nil && c.Command.Name != "" {
			flags = c.Command.Flags
		}
		hint = didYouMean(typed, flagNames(flags))
	}
	return fmt.Errorf("%w (%ssee %s --help)", err, hint, c.Command.HelpName)
}
