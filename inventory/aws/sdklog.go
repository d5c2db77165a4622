package aws

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/aws/smithy-go/logging"
)

// SDKLogger routes what the AWS SDK logs (a fallback to IMDSv1, a response whose checksum
// did not match, a deprecated setting) through l, with source=aws-sdk, instead of the
// SDK's default logger, which writes its own "SDK 2006/01/02 WARN" lines straight to the
// process's stderr, ignoring --log-level and --log-format.
func SDKLogger(l *slog.Logger) logging.Logger {
	return sdkLogger{l}
}

type sdkLogger struct{ l *slog.Logger }

func (s sdkLogger) Logf(c logging.Classification, format string, v ...any) {
	level := slog.LevelInfo
	switch c {
	case logging.Warn:
		level = slog.LevelWarn
	case logging.Debug:
		level = slog.LevelDebug
	}
	ctx := context.Background()
	if !s.l.Enabled(ctx, level) {
		return
	}
	s.l.Log(ctx, level, fmt.Sprintf(format, v...), "source", "aws-sdk")
}
