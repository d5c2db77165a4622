package jsontext

import "testing"

var sink []byte

// BenchmarkAppendString appends a typical finding message: plain ASCII, the common case.
func BenchmarkAppendString(b *testing.B) {
	s := "db-025392: /aws/rds/instance/db-025392/audit (audit) has no subscription filter copying all its events out of CloudWatch Logs"
	b.SetBytes(int64(len(s)))
	buf := make([]byte, 0, 4096)
	for b.Loop() {
		sink = AppendString(buf[:0], s)
	}
}
