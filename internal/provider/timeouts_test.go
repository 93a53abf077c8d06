package provider

import (
	"testing"
	"time"
)

// Defaults read as users write them, and only zeros go.
func TestDurationText(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		30 * time.Minute: "30m", time.Hour: "1h", 90 * time.Minute: "1h30m", 30 * time.Second: "30s",
		90 * time.Second: "1m30s", 500 * time.Millisecond: "500ms", 10 * time.Second: "10s",
	} {
		if got := durationText(d); got != want {
			t.Errorf("durationText(%s) = %q, want %q", d, got, want)
		}
	}
}
