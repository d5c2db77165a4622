package run

import (
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"

	awsinv "github.com/storewatch/storewatch/inventory/aws"
)

// progress shows a collection's advance on stderr: one line redrawn in place on a
// terminal, one plain line per finished (region, service) otherwise. Nothing goes to
// stdout, which belongs to the requested output.
type progress struct {
	w     io.Writer
	tty   bool
	stats *awsinv.Stats

	mu          sync.Mutex
	total, done int
	errors      int
	drawn       time.Time
	dirty       bool
}

func newProgress(w io.Writer, tty bool, stats *awsinv.Stats) *progress {
	p := &progress{w: w, tty: tty, stats: stats}
	if tty {
		stats.OnCall(func() { p.redraw(false) })
	}
	return p
}

func (p *progress) TasksAdded(n int) {
	p.mu.Lock()
	p.total += n
	p.mu.Unlock()
	p.redraw(false)
}

func (p *progress) TaskDone(t awsinv.Task) {
	p.mu.Lock()
	p.done++
	p.errors += t.Errors
	tty := p.tty
	p.mu.Unlock()
	if tty {
		p.redraw(false)
		return
	}
	if p.w == nil || t.Service == "account" {
		return
	}
	where := t.Region
	if where == "" {
		where = "global"
	}
	suffix := ""
	if t.Errors > 0 {
		suffix = fmt.Sprintf(" (%d could not be read)", t.Errors)
	}
	// Collectors finish concurrently; the writer is shared.
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, "storewatch: collected %s %s %s [%d/%d]%s\n", t.Account, where, t.Service, p.done, p.total, suffix)
}

// redraw repaints the terminal line at most ten times a second.
func (p *progress) redraw(force bool) {
	if !p.tty || p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !force && time.Since(p.drawn) < 100*time.Millisecond {
		return
	}
	p.drawn = time.Now()
	t := p.stats.Total()
	fmt.Fprintf(p.w, "\r\033[Kcollecting: %d/%d region×service done · %d API calls · %d throttled · %d errors",
		p.done, p.total, t.Calls, t.Throttled, p.errors)
	p.dirty = true
}

func (p *progress) finish() {
	if !p.tty || p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.dirty {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encode json: %w", err)
	}
	return nil
}
