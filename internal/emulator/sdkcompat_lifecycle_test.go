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

// TestOfficialNodeSDKDeploysACertificate runs a whole deployment through
// Alibaba Cloud's Node.js CAS SDK (sdkcompat/node/lifecycle.js), unchanged:
// the parameter names and types it sends are the ones the emulator reads,
// its models take the answers, and each refusal reaches it with its code.
// Jobs step every few milliseconds on the real clock; the script polls.
func TestOfficialNodeSDKDeploysACertificate(t *testing.T) {
	node := nodeSDK(t)
	e := newEnv(t, Options{JobStep: 5 * time.Millisecond})
	dir := t.TempDir()
	mine, other := selfSigned(t, "rsa", "*.example.io", "example.io"), selfSigned(t, "ecdsa", "other.example.io")
	files := map[string]string{"cert.pem": mine.cert, "key.pem": mine.key, "other-key.pem": other.key}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "lifecycle.js") //nolint:gosec // node comes from exec.LookPath; the script is ours
	cmd.Dir = filepath.Join("sdkcompat", "node")
	cmd.Env = append(os.Environ(),
		"ALICAS_EMULATOR_ENDPOINT="+e.endpoint(),
		"ALICAS_ACCESS_KEY_ID="+DefaultAccessKeyID,
		"ALICAS_ACCESS_KEY_SECRET="+DefaultAccessKeySecret,
		"ALICAS_CERT_FILE="+filepath.Join(dir, "cert.pem"),
		"ALICAS_KEY_FILE="+filepath.Join(dir, "key.pem"),
		"ALICAS_OTHER_KEY_FILE="+filepath.Join(dir, "other-key.pem"),
	)
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok { //nolint:errorlint // Output returns *ExitError itself
			stderr = ee.Stderr
		}
		t.Fatalf("node: %v\n%s\n%s", err, out, stderr)
	}
	type refused struct {
		StatusCode int    `json:"statusCode"`
		Code       string `json:"code"`
	}
	var got struct {
		Resources struct {
			Total    int      `json:"total"`
			Products []string `json:"products"`
		} `json:"resources"`
		Contacts []int64 `json:"contacts"`
		Upload   struct {
			CertID      int64  `json:"certId"`
			Common      string `json:"common"`
			Sans        string `json:"sans"`
			Fingerprint string `json:"fingerprint"`
			Key         string `json:"key"`
		} `json:"upload"`
		Created  struct{ Status string } `json:"created"`
		Finished struct {
			Status, ProductName, StartTime, EndTime string
			Del, Rollback                           int
		} `json:"finished"`
		Counts struct {
			WorkerCount, SuccessCount, FailedCount int
		} `json:"counts"`
		Workers []struct {
			ResourceID   int64  `json:"resourceId"`
			CertID       int64  `json:"certId"`
			Status       string `json:"status"`
			CloudProduct string `json:"cloudProduct"`
		} `json:"workers"`
		Carrying []struct {
			ID          int64  `json:"id"`
			CertID      int64  `json:"certId"`
			CertName    string `json:"certName"`
			CertEndTime string `json:"certEndTime"`
		} `json:"carrying"`
		JobResources []struct {
			ID     int64 `json:"id"`
			CertID int64 `json:"certId"`
		} `json:"jobResources"`
		Rollback struct {
			Worker      string  `json:"worker"`
			JobRollback int     `json:"jobRollback"`
			Carrying    []int64 `json:"carrying"`
		} `json:"rollback"`
		Refusals map[string]refused `json:"refusals"`
		Deleted  struct {
			Listed bool `json:"listed"`
			Del    int  `json:"del"`
		} `json:"deleted"`
		CertificateDeleted bool `json:"certificateDeleted"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("script output is not JSON: %v: %s", err, out)
	}
	id := got.Upload.CertID
	if got.Resources.Total != 13 || !reflect.DeepEqual(got.Resources.Products, []string{"ALB", "CDN", "DCDN", "LIVE", "NLB", "OSS", "SLB", "TencentCDN", "WAF"}) ||
		!reflect.DeepEqual(got.Contacts, []int64{3304, 3317, 3320}) {
		t.Errorf("inputs: %+v %+v", got.Resources, got.Contacts)
	}
	if id == 0 || got.Upload.Common != "*.example.io" || got.Upload.Sans != "*.example.io,example.io" || len(got.Upload.Fingerprint) != 40 || got.Upload.Key != "" {
		t.Errorf("upload: %+v", got.Upload)
	}
	if got.Created.Status != "editing" || got.Finished.Status != "success" || got.Finished.Del != 0 || got.Finished.Rollback != 0 ||
		got.Finished.ProductName != "NLB,LIVE,ALB" || got.Finished.StartTime == "" || got.Finished.EndTime < got.Finished.StartTime {
		t.Errorf("job: created %+v, finished %+v", got.Created, got.Finished)
	}
	if got.Counts.WorkerCount != 2 || got.Counts.SuccessCount != 2 || got.Counts.FailedCount != 0 {
		t.Errorf("counts: %+v", got.Counts)
	}
	if len(got.Workers) != 2 || got.Workers[0].ResourceID != 22001 || got.Workers[1].ResourceID != 22005 ||
		got.Workers[1].CloudProduct != "ALB" || got.Workers[0].Status != "success" || got.Workers[1].CertID != id {
		t.Errorf("workers: %+v", got.Workers)
	}
	if len(got.Carrying) != 2 || got.Carrying[0].ID != 22001 || got.Carrying[1].ID != 22005 || got.Carrying[1].CertID != id ||
		got.Carrying[1].CertName != "sdk-example-io" || got.Carrying[1].CertEndTime == "" {
		t.Errorf("resources carrying the certificate: %+v", got.Carrying)
	}
	wantJobResources := []struct {
		ID     int64 `json:"id"`
		CertID int64 `json:"certId"`
	}{{22001, id}, {22003, 0}, {22005, id}}
	if !reflect.DeepEqual(got.JobResources, wantJobResources) {
		t.Errorf("job resources: %+v", got.JobResources)
	}
	if got.Rollback.Worker != "rollback_success" || got.Rollback.JobRollback != 1 || !reflect.DeepEqual(got.Rollback.Carrying, []int64{22001}) {
		t.Errorf("rollback: %+v", got.Rollback)
	}
	want := map[string]refused{
		"update outside editing":                      {400, "OperationDenied.JobStatus"},
		"status of a finished job":                    {400, "OperationDenied.JobFinished"},
		"unknown certificate":                         {404, "NotFound.Certificate"},
		"empty certificate IDs":                       {400, "MissingCertIds"},
		"unknown resource":                            {404, "NotFound.CloudResource"},
		"empty resource ID":                           {400, "InvalidParameter"},
		"unknown contact":                             {404, "NotFound.Contact"},
		"empty contact IDs":                           {400, "MissingContactIds"},
		"bad JobType":                                 {400, "InvalidParameter.JobType"},
		"ScheduleTime in the past":                    {400, "InvalidParameter.ScheduleTime"},
		"delete while processing":                     {400, "OperationDenied.JobProcessing"},
		"upload a taken name":                         {400, "NameRepeat"},
		"key of another certificate":                  {400, "InvalidParameter.KeyMismatch"},
		"text that is not PEM":                        {400, "InvalidParameter.Cert"},
		"delete a certificate an unfinished job uses": {400, "OperationDenied.CertificateInUse"},
	}
	if !reflect.DeepEqual(got.Refusals, want) {
		t.Errorf("refusals as the SDK saw them:\n got %v\nwant %v", got.Refusals, want)
	}
	if got.Deleted.Listed || got.Deleted.Del != 1 || !got.CertificateDeleted {
		t.Errorf("after deleting: %+v, certificate deleted %t", got.Deleted, got.CertificateDeleted)
	}
}
