package provider

import (
	"os"
	"testing"
)

// Logs nobody will read are not written; logs asked for are.
func TestQuietUnreadLogs(t *testing.T) {
	levels := []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER"}
	for _, c := range []struct {
		name string
		env  map[string]string
		want string // of every level variable but those set in env
	}{
		{"nothing asked for", map[string]string{}, "OFF"},
		{"TF_LOG", map[string]string{"TF_LOG": "DEBUG"}, ""},
		{"TF_LOG_PROVIDER", map[string]string{"TF_LOG_PROVIDER": "TRACE"}, ""},
		{"one subsystem", map[string]string{"TF_LOG_SDK_FRAMEWORK": "TRACE"}, "OFF"},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, name := range append(levels, "TF_LOG") {
				t.Setenv(name, c.env[name])
			}
			QuietUnreadLogs()
			for _, name := range levels {
				want := c.want
				if v, ok := c.env[name]; ok {
					want = v
				}
				if got := os.Getenv(name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
		})
	}
}
