package awstest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// Moto is a moto server running on loopback for one test (or one package's tests).
type Moto struct {
	// URL is the server's base URL, http://127.0.0.1:PORT.
	URL string
	cmd *exec.Cmd
	log *bytes.Buffer
}

// StartMoto starts `python3 -m moto.server` on a free loopback port and stops it when the
// test ends. With -short the test is skipped. When moto cannot start the test is skipped,
// except in CI (CI=true), where the emulator tests must run and the test fails instead.
func StartMoto(t testing.TB) *Moto {
	t.Helper()
	if testing.Short() {
		t.Skip("moto emulator tests need a few seconds; skipped with -short")
	}
	m, err := startMoto()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("start moto (required in CI): %v", err)
		}
		t.Skipf("moto is not available: %v", err)
	}
	t.Cleanup(m.Stop)
	return m
}

func startMoto() (*Moto, error) {
	py, err := exec.LookPath("python3")
	if err != nil {
		return nil, fmt.Errorf("python3: %w", err)
	}
	var last error
	for attempt := 0; attempt < 3; attempt++ {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		m := &Moto{URL: "http://127.0.0.1:" + strconv.Itoa(port), log: &bytes.Buffer{}}
		m.cmd = exec.Command(py, "-m", "moto.server", "-H", "127.0.0.1", "-p", strconv.Itoa(port))
		m.cmd.Stdout, m.cmd.Stderr = m.log, m.log
		// moto must not see real credentials or endpoints from the environment.
		m.cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing", "AWS_SESSION_TOKEN=", "AWS_ENDPOINT_URL=")
		if err := m.cmd.Start(); err != nil {
			return nil, fmt.Errorf("start moto: %w", err)
		}
		if err := m.wait(30 * time.Second); err != nil {
			m.Stop()
			last = fmt.Errorf("%w; moto said: %s", err, tail(m.log.String()))
			continue
		}
		return m, nil
	}
	return nil, last
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer func() { _ = l.Close() }()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (m *Moto) wait(limit time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, m.URL+"/moto-api/", nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if m.cmd.ProcessState != nil {
			return fmt.Errorf("moto exited")
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("moto did not answer within %s", limit)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Reset clears every emulated account.
func (m *Moto) Reset() error {
	resp, err := http.Post(m.URL+"/moto-api/reset", "application/json", nil)
	if err != nil {
		return fmt.Errorf("reset moto: %w", err)
	}
	return resp.Body.Close()
}

// Stop ends the server.
func (m *Moto) Stop() {
	if m.cmd != nil && m.cmd.Process != nil {
		_ = m.cmd.Process.Kill()
		_ = m.cmd.Wait()
	}
}

func tail(s string) string {
	if len(s) > 2000 {
		return s[len(s)-2000:]
	}
	return s
}
