// Command scanner is storewatch's CLI: it answers "is every data store actually watched?"
// for AWS accounts, Terraform plans and saved snapshots.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

func main() {
	// Judging a snapshot allocates a lot and keeps little: collecting garbage half as often
	// saves a tenth of the CPU time at 100,000 stores, for 150 MB more at the peak (docs/
	// performance.md). GOGC, when set, still decides.
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(200)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := execute(ctx, os.Args, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
