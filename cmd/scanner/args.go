package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// interspersed moves a command's flags before its positional arguments. urfave/cli v2 stops
// reading flags at the first positional argument, but users write
// `scanner evaluate plan.json --fail-on medium` and expect the flag to count.
func interspersed(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	out := []string{args[0]}
	var global []string // global flags written after the command, hoisted before it
	i := 1
	flags := app.Flags
	cmds := app.Commands
	// Walk global flags and the (sub)command path.
	inCommand := false
	for i < len(args) {
		a := args[i]
		if strings.HasPrefix(a, "-") {
			target, fs := &out, flags
			// `scanner demo --log-level debug`: a global flag after the command.
			if inCommand && !hasFlag(flags, a) && hasFlag(app.Flags, a) {
				target, fs = &global, app.Flags
			}
			*target = append(*target, a)
			if takesValue(fs, a) && !strings.Contains(a, "=") && i+1 < len(args) {
				*target = append(*target, args[i+1])
				i++
			}
			i++
			continue
		}
		cmd := findCommand(cmds, a)
		if cmd == nil {
			break
		}
		out = append(out, a)
		flags, cmds = cmd.Flags, cmd.Subcommands
		inCommand = true
		i++
	}
	var positional []string
	for ; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if strings.HasPrefix(a, "-") && a != "-" {
			target := &out
			fs := flags
			if !hasFlag(flags, a) && hasFlag(app.Flags, a) {
				target, fs = &global, app.Flags
			}
			*target = append(*target, a)
			if takesValue(fs, a) && !strings.Contains(a, "=") && i+1 < len(args) {
				*target = append(*target, args[i+1])
				i++
			}
			continue
		}
		positional = append(positional, a)
	}
	if len(global) > 0 {
		out = append(append([]string{out[0]}, global...), out[1:]...)
	}
	if len(positional) > 0 {
		out = append(out, "--")
		out = append(out, positional...)
	}
	return out
}

func findCommand(cmds []*cli.Command, name string) *cli.Command {
	for _, c := range cmds {
		if c.HasName(name) {
			return c
		}
	}
	return nil
}

func hasFlag(flags []cli.Flag, arg string) bool {
	name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
	for _, f := range flags {
		for _, n := range f.Names() {
			if n == name {
				return true
			}
		}
	}
	return false
}

// takesValue reports whether the flag named by arg (-x, --name) reads the next argument.
func takesValue(flags []cli.Flag, arg string) bool {
	name := strings.TrimLeft(arg, "-")
	for _, f := range flags {
		for _, n := range f.Names() {
			if n != name {
				continue
			}
			if _, isBool := f.(*cli.BoolFlag); isBool {
				return false
			}
			return true
		}
	}
	return false
}

// setUsageErrors gives every command the same short usage-error handling as the app.
func setUsageErrors(cmds []*cli.Command) {
	for _, c := range cmds {
		c.OnUsageError = usageError
		setUsageErrors(c.Subcommands)
	}
}
