// Package bench measures storewatch end to end on synthetic snapshots: load → resolve →
// evaluate → report at 1,000, 10,000 and 100,000 stores, each stage on its own, and the
// plain-Go floor of a representative set of rules (docs/performance.md). The benchmarks
// live in bench_test.go; this file generates their inputs.
package bench

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/storewatch/storewatch/internal/fileutil"
	"github.com/storewatch/storewatch/internal/synth"
	"github.com/storewatch/storewatch/inventory"
)

// Seed is the generator seed of every benchmark snapshot, so runs compare like with like.
const Seed = 1

// DefaultSizes are the generator sizes the benchmarks run at.
var DefaultSizes = []int{1000, 10000, 100000}

// Sizes reads the sizes from STOREWATCH_BENCH_STORES ("1000,10000"), falling back to def.
func Sizes(def []int) ([]int, error) {
	v := strings.TrimSpace(os.Getenv("STOREWATCH_BENCH_STORES"))
	if v == "" {
		return def, nil
	}
	var out []int
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("STOREWATCH_BENCH_STORES: %q is not a store count", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// Label names a size the way benchmark names show it: 1k, 10k, 100k.
func Label(n int) string {
	if n%1000 == 0 {
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}

// Inputs generates synthetic snapshots on first use and keeps them in a directory, so a
// benchmark process pays for each size once (generating 100,000 stores takes seconds).
type Inputs struct {
	dir   string
	mu    sync.Mutex
	files map[int]*input
}

type input struct {
	once sync.Once
	path string
	err  error
}

// NewInputs keeps the snapshots in dir.
func NewInputs(dir string) *Inputs {
	return &Inputs{dir: dir, files: map[int]*input{}}
}

// Path returns the file of the resolved synthetic snapshot with n generated stores.
func (in *Inputs) Path(n int) (string, error) {
	in.mu.Lock()
	f := in.files[n]
	if f == nil {
		f = &input{}
		in.files[n] = f
	}
	in.mu.Unlock()
	f.once.Do(func() {
		f.path = filepath.Join(in.dir, fmt.Sprintf("snapshot-%d-seed-%d.json", n, Seed))
		f.err = WriteSnapshot(f.path, n)
	})
	return f.path, f.err
}

// Data returns the bytes of the snapshot with n generated stores.
func (in *Inputs) Data(n int) ([]byte, error) {
	p, err := in.Path(n)
	if err != nil {
		return nil, err
	}
	return os.ReadFile(p)
}

// WriteSnapshot writes the resolved synthetic snapshot with n generated stores to path, as
// `scanner dev generate --stores n --seed 1` does.
func WriteSnapshot(path string, n int) error {
	s := synth.Generate(synth.Options{Stores: n, Seed: Seed})
	inventory.Resolve(s)
	return fileutil.WriteAtomic(path, func(w io.Writer) error { return inventory.Write(w, s) })
}
