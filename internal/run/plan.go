package run

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/storewatch/storewatch/internal/version"
	"github.com/storewatch/storewatch/inventory"
	"github.com/storewatch/storewatch/inventory/terraform"
	"github.com/storewatch/storewatch/policies"
)

// planInput is a Terraform plan being judged: where its configuration is, and the live
// snapshot it is merged over, if any.
type planInput struct {
	// dir is the configuration root, absolute; "" when it holds no .tf files.
	dir string
	// root is the directory locations are relative to: the repository root, else the
	// working directory.
	root string
	// live is the --snapshot file and its bytes.
	livePath string
	liveData []byte
}

// loadPlan converts a plan into the snapshot to judge: alone (account-wide facts unknown),
// or laid over the live snapshot given with --snapshot.
func loadPlan(ctx context.Context, data []byte, o Options) (*inventory.Snapshot, *planInput, error) {
	p, err := terraform.ParsePlan(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", o.Input, err)
	}
	in := &planInput{}
	dir := o.TFDir
	if dir == "" {
		// A plan does not record the directory it was made in: by default it is the
		// plan file's own, where `terraform show -json` output usually lands; a plan read
		// from standard input comes from `terraform show -json` in the configuration.
		dir = filepath.Dir(o.Input)
		if !hasTerraformFiles(dir) {
			o.logger().Warn("no .tf files beside the plan: findings point at the plan file, and references are resolved from the plan alone (use --tf-dir)", "dir", dir)
			dir = ""
		}
	} else if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return nil, nil, fmt.Errorf("%w: --tf-dir %s is not a directory", ErrUsage, dir)
	}
	if dir != "" {
		if in.dir, err = filepath.Abs(dir); err != nil {
			return nil, nil, fmt.Errorf("--tf-dir: %w", err)
		}
	}
	in.root = repositoryRoot(in.dir)
	res, err := terraform.Convert(ctx, p, terraform.Options{
		PlanFile: filepath.ToSlash(o.Input),
		Dir:      in.dir,
		Tool:     inventory.Tool{Name: "storewatch", Version: version.String()},
		Now:      o.Now,
		Logger:   o.logger(),
	})
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", o.Input, err)
	}
	if o.LiveSnapshot == "" {
		// A snapshot read from a file is checked as it is parsed; a converted one is checked
		// here, as a repeated id would give two findings one id.
		if err := res.Snapshot.CheckUniqueIDs(); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", o.Input, err)
		}
		return res.Snapshot, in, nil
	}
	in.livePath = o.LiveSnapshot
	if in.liveData, err = readInput(ctx, o.LiveSnapshot, nil); err != nil {
		return nil, nil, fmt.Errorf("--snapshot: %w", err)
	}
	live, err := inventory.Parse(in.liveData)
	if err != nil {
		return nil, nil, fmt.Errorf("--snapshot %s: %w", o.LiveSnapshot, err)
	}
	merged := terraform.Merge(live, res)
	if err := merged.CheckUniqueIDs(); err != nil {
		return nil, nil, fmt.Errorf("%s with --snapshot %s: %w", o.Input, o.LiveSnapshot, err)
	}
	return merged, in, nil
}

func hasTerraformFiles(dir string) bool {
	m, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	return len(m) > 0
}

// repositoryRoot is the nearest directory above dir (or the working directory) that holds a
// .git entry, else the working directory: GitHub code scanning wants paths relative to the
// repository root.
func repositoryRoot(dir string) string {
	wd, err := os.Getwd()
	if err != nil {
		wd = "."
	}
	start := dir
	if start == "" {
		start = wd
	}
	for d := start; ; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	return wd
}

// attachLocations points every finding at the lines that caused it: a planned resource at
// its block in the .tf files (a resource created by a module at the outermost module block,
// the one in the configuration the change was made to), a live one (with --snapshot) at its
// entry in the snapshot file.
func (in *planInput) attachLocations(r *policies.Report) {
	for i := range r.Findings {
		res := r.Findings[i].Resource
		if res.Location != nil || res.Source == nil || in.dir == "" {
			continue
		}
		src := res.Source
		switch {
		case len(src.ModuleCalls) > 0 && src.ModuleCalls[0].File != "":
			mc := src.ModuleCalls[0]
			res.Location = &policies.Location{File: in.relative(mc.File), StartLine: mc.StartLine, EndLine: mc.EndLine}
		case src.File != "":
			res.Location = &policies.Location{File: in.relative(src.File), StartLine: src.StartLine, EndLine: src.EndLine}
		}
	}
	if in.livePath != "" {
		AttachSnapshotLocations(r, in.liveData, in.repoPath(in.livePath))
	}
	// Anything else has no location of its own: the SARIF writer points it at line 1 of
	// the plan file (the report's file) and counts such results in a notification.
}

// relative turns a configuration-relative file into a path relative to the repository
// root, with forward slashes.
func (in *planInput) relative(file string) string {
	return in.fromRoot(filepath.Join(in.dir, filepath.FromSlash(file)))
}

// repoPath names a file given on the command line (the plan, --snapshot) as results do:
// relative to the repository root when it lies inside it, whether it was given relative to
// the working directory or absolute; otherwise absolute.
func (in *planInput) repoPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.ToSlash(filepath.Clean(p))
	}
	return in.fromRoot(abs)
}

// fromRoot makes an absolute path relative to the repository root when it lies inside it.
func (in *planInput) fromRoot(abs string) string {
	if rel, err := filepath.Rel(in.root, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(abs)
}
