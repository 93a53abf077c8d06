package emulator

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// TestOfficialNodeSDK calls the emulator with Alibaba Cloud's Node.js CAS SDK
// (@alicloud/cas20200407, pinned in sdkcompat/node), unchanged but for its
// endpoint: evidence that SDKs in other languages sign as the emulator expects.
func TestOfficialNodeSDK(t *testing.T) {
	node := nodeSDK(t)
	dir := filepath.Join("sdkcompat", "node")
	sts := Credential{ //nolint:gosec // a made-up test credential
		AccessKeyID: "STS.NodeKey", AccessKeySecret: "node-sts-secret", SecurityToken: "node-sts-token"}
	e := newEnv(t, Options{Credentials: []Credential{{AccessKeyID: DefaultAccessKeyID, AccessKeySecret: DefaultAccessKeySecret}, sts}})

	type result struct {
		StatusCode int    `json:"statusCode"`
		Code       string `json:"code"`
		RequestID  string `json:"requestId"`
		Certs      []struct {
			CertInstanceID string `json:"certInstanceId"`
		} `json:"certs"`
	}
	wantIDs := func(job string) []string {
		var ids []string
		certs, _ := e.served(job)
		for _, raw := range certs {
			var c struct{ CertInstanceId string }
			if err := json.Unmarshal(raw, &c); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.CertInstanceId)
		}
		return ids
	}
	cases := []struct {
		name                            string
		keyID, secret, token, algo, job string
		wantStatus                      int
		wantCode                        string
	}{
		{"ACS3", DefaultAccessKeyID, DefaultAccessKeySecret, "", "", "8888", 200, ""},
		{"ACS3 with STS token", sts.AccessKeyID, sts.AccessKeySecret, sts.SecurityToken, "", "9002", 200, ""},
		{"legacy signature", DefaultAccessKeyID, DefaultAccessKeySecret, "", "v2", "9001", 200, ""},
		{"wrong secret", DefaultAccessKeyID, "not-it", "", "", "8888", 400, "SignatureDoesNotMatch"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, node, "list-certs.js")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(),
				"ALICAS_EMULATOR_ENDPOINT="+e.endpoint(),
				"ALICAS_ACCESS_KEY_ID="+tc.keyID,
				"ALICAS_ACCESS_KEY_SECRET="+tc.secret,
				"ALICAS_SECURITY_TOKEN="+tc.token,
				"ALICAS_SIGNATURE_ALGORITHM="+tc.algo,
				"ALICAS_JOB_ID="+tc.job,
			)
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("node: %v\n%s", err, out)
			}
			var r result
			if err := json.Unmarshal(out, &r); err != nil {
				t.Fatalf("script output is not JSON: %s", out)
			}
			if r.StatusCode != tc.wantStatus || r.Code != tc.wantCode || !requestIDPattern.MatchString(r.RequestID) {
				t.Fatalf("got %+v, want status %d code %q", r, tc.wantStatus, tc.wantCode)
			}
			if tc.wantStatus != 200 {
				return
			}
			var got []string
			for _, c := range r.Certs {
				got = append(got, c.CertInstanceID)
			}
			if want := wantIDs(tc.job); !reflect.DeepEqual(got, want) {
				t.Errorf("SDK saw certificates %v, want %v", got, want)
			}
		})
	}
}

// nodeSDK returns the node binary when the pinned Node.js SDK is installed.
// make test installs it and sets ALICAS_SDKCOMPAT=required, so CI cannot
// skip these checks silently; a bare go test may.
func nodeSDK(t *testing.T) string {
	t.Helper()
	skip := t.Skip
	if os.Getenv("ALICAS_SDKCOMPAT") == "required" {
		skip = t.Fatal
	}
	if _, err := os.Stat(filepath.Join("sdkcompat", "node", "node_modules", "@alicloud", "cas20200407")); err != nil {
		skip("Node.js SDK not installed; run `npm ci --prefix internal/emulator/sdkcompat/node` to include this check")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		skip("node is not on PATH")
	}
	return node
}
