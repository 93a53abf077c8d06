package emulator

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"
)

// TestOfficialNodeSDKReadsDeploymentJobs walks the default fixture's jobs
// with Alibaba Cloud's Node.js CAS SDK: its paging and filter parameter
// names are the ones the emulator (and so the provider) uses, and its models
// take the emulator's answers.
func TestOfficialNodeSDKReadsDeploymentJobs(t *testing.T) {
	node := nodeSDK(t)
	e := newEnv(t, Options{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "list-jobs.js") //nolint:gosec // node comes from exec.LookPath; the script is ours
	cmd.Dir = filepath.Join("sdkcompat", "node")
	cmd.Env = append(os.Environ(),
		"ALICAS_EMULATOR_ENDPOINT="+e.endpoint(),
		"ALICAS_ACCESS_KEY_ID="+DefaultAccessKeyID,
		"ALICAS_ACCESS_KEY_SECRET="+DefaultAccessKeySecret,
		"ALICAS_SHOW_SIZE=2",
		"ALICAS_STATUS=success",
	)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	type resource struct {
		ID           int64  `json:"id"`
		CloudProduct string `json:"cloudProduct"`
		CertID       int64  `json:"certId"`
		CertEndTime  string `json:"certEndTime"`
	}
	var got struct {
		Pages []struct{ CurrentPage, ShowSize, Total, Size int }
		Jobs  []struct {
			ID                      int64
			Name, Status, GmtCreate string
			DescribedName, Config   string
			Contacts                []string
			Resources               []resource
		}
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("script output is not JSON: %s", out)
	}
	// Two jobs succeeded (9003, 8888): one page of 2, then an empty one.
	wantPages := []struct{ CurrentPage, ShowSize, Total, Size int }{{1, 2, 2, 2}, {2, 2, 2, 0}}
	if !reflect.DeepEqual(got.Pages, wantPages) {
		t.Errorf("pages = %+v, want %+v", got.Pages, wantPages)
	}
	if len(got.Jobs) != 2 || got.Jobs[0].ID != 9003 || got.Jobs[1].ID != 8888 {
		t.Fatalf("jobs = %+v, want 9003 and 8888", got.Jobs)
	}
	web := got.Jobs[1]
	if web.Name != "web-frontends-2026" || web.DescribedName != web.Name || web.Status != "success" || web.GmtCreate != "1772442900000" ||
		web.Config != `{"shareCertIds":[],"certIds":[11174100,11174101,11174102,11174104]}` ||
		!reflect.DeepEqual(web.Contacts, []string{"ops@example.com", "security@example.com"}) {
		t.Errorf("job 8888 as the SDK saw it: %+v", web)
	}
	shopEnds := strconv.FormatInt(ms(e.srv.account.certificates[11174101].notAfter), 10) // the account's truth
	if len(web.Resources) != 6 || web.Resources[2] != (resource{20981, "SLB", 11174101, shopEnds}) {
		t.Errorf("job 8888's resources as the SDK saw them: %+v", web.Resources)
	}
}
