package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

const cloudResourcesAddress = "data.alicas_cloud_resources.test"

// The default account's resources through each filter, against the
// emulator's own data: one object in full, the rest by ID.
func TestAccCloudResources_filters(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, "").URL
	ids := func(address string, want ...string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(address, tfjsonpath.New("ids"), stringsExact(want...))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "alicas_cloud_resources" "test" {
  certificate_ids = [11174101]
}
data "alicas_cloud_resources" "cdn" {
  cloud_name    = "aliyun"
  cloud_product = "CDN"
}
data "alicas_cloud_resources" "shop" {
  keyword = "shop"
}
data "alicas_cloud_resources" "all" {}
data "alicas_cloud_resources" "none" {
  cloud_name = "Huawei"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				ids(cloudResourcesAddress, "20981", "20982"),
				statecheck.ExpectKnownValue(cloudResourcesAddress, tfjsonpath.New("resources").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":               knownvalue.Int64Exact(20981),
					"cloud_name":       knownvalue.StringExact("aliyun"),
					"cloud_product":    knownvalue.StringExact("SLB"),
					"cloud_region":     knownvalue.StringExact("cn-shanghai"),
					"region_id":        knownvalue.StringExact("cn-shanghai"),
					"domain":           knownvalue.StringExact("shop.example.com"),
					"instance_id":      knownvalue.StringExact("lb-uf6k2v9xd1shop"),
					"listener_id":      knownvalue.StringExact("lsn-lb-uf6k2v9xd1shop@443"),
					"listener_port":    knownvalue.StringExact("443"),
					"cert_id":          knownvalue.Int64Exact(11174101),
					"cert_name":        knownvalue.StringExact("shop.example.com"),
					"cert_start_time":  knownvalue.NotNull(),
					"cert_not_before":  knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)),
					"cert_end_time":    knownvalue.NotNull(),
					"cert_not_after":   knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)),
					"enable_https":     knownvalue.Bool(true),
					"use_ssl":          knownvalue.Null(),
					"default_resource": knownvalue.Bool(true),
					"status":           knownvalue.StringExact("online"),
					"cloud_access_id":  knownvalue.Null(),
					"remark":           knownvalue.Null(),
					"gmt_create":       knownvalue.Int64Exact(1772443200000),
					"created_at":       knownvalue.StringExact("2026-03-02T09:20:00Z"),
					"gmt_modified":     knownvalue.Int64Exact(1772443200000),
					"modified_at":      knownvalue.StringExact("2026-03-02T09:20:00Z"),
					"user_id":          knownvalue.Int64Exact(1666884372152785),
				})),
				ids("data.alicas_cloud_resources.cdn", "20979", "20980", "22004"),
				ids("data.alicas_cloud_resources.shop", "20981", "20982", "22006"),
				ids("data.alicas_cloud_resources.all", "20979", "20980", "20981", "20982", "20983", "20984",
					"22001", "22002", "22003", "22004", "22005", "22006", "22007"),
				// A resource without a domain or certificate: those attributes are null.
				statecheck.ExpectKnownValue("data.alicas_cloud_resources.all", tfjsonpath.New("resources").AtSliceIndex(6),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(22001), "domain": knownvalue.Null(),
						"cert_id": knownvalue.Null(), "cert_not_after": knownvalue.Null(), "listener_port": knownvalue.StringExact("993")})),
				ids("data.alicas_cloud_resources.none"),
				statecheck.ExpectKnownValue("data.alicas_cloud_resources.none", tfjsonpath.New("resources"), knownvalue.ListExact([]knownvalue.Check{})),
			},
		}},
	})
}

// syntheticList answers action with n made-up items (item(i) is the JSON
// of the i-th), paged as each request asks, once the emulator has checked
// the request (signature included) and answered it: the default account has
// too few resources and contacts to fill a page. calls counts the answers.
func syntheticList(action, listField, totalField string, n int, item func(i int) string, calls *atomic.Int64) emulatorOption {
	return wrappedIn(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			if r.Header.Get("x-acs-action") != action || rec.Code != http.StatusOK {
				for k, v := range rec.Header() {
					w.Header()[k] = v
				}
				w.WriteHeader(rec.Code)
				_, _ = w.Write(rec.Body.Bytes())
				return
			}
			calls.Add(1)
			params, _ := url.ParseQuery(string(body))
			for k, v := range r.URL.Query() {
				params[k] = v
			}
			page, _ := strconv.Atoi(params.Get("CurrentPage"))
			size, _ := strconv.Atoi(params.Get("ShowSize"))
			items := []string{}
			for i := (page - 1) * size; i < min(page*size, n); i++ {
				items = append(items, item(i))
			}
			var answer map[string]json.RawMessage
			_ = json.Unmarshal(rec.Body.Bytes(), &answer)
			answer[listField] = json.RawMessage("[" + strings.Join(items, ",") + "]")
			answer[totalField] = json.RawMessage(strconv.Itoa(n))
			w.Header().Set("Content-Type", "application/json;charset=utf-8")
			_ = json.NewEncoder(w).Encode(answer)
		})
	})
}

// syntheticResource is the i-th of many resources; the 7th has an odd
// flag and an odd time.
func syntheticResource(i int) string {
	if i == 7 {
		return `{"Id": 30007, "CloudProduct": "CDN", "Domain": "odd.example.com", "EnableHttps": 2, "GmtCreate": "2026-05-20 07:02:11"}`
	}
	return fmt.Sprintf(`{"Id": %d, "CloudName": "aliyun", "CloudProduct": "CDN", "Domain": "d%d.example.com", "EnableHttps": 1, "GmtCreate": "1772443200000"}`, 30000+i, i)
}

// Every page is read: 120 resources come in three pages of 50, in order,
// each once; the odd values are null, with one warning naming them.
func TestAccCloudResources_everyPage(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	url := startEmulator(t, emulator.Options{}, "", syntheticList("ListCloudResources", "Data", "Total", 120, syntheticResource, &calls)).URL
	want := make([]string, 120)
	for i := range want {
		want[i] = strconv.Itoa(30000 + i)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "alicas_cloud_resources" "test" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(cloudResourcesAddress, tfjsonpath.New("ids"), stringsExact(want...)),
				statecheck.ExpectKnownValue(cloudResourcesAddress, tfjsonpath.New("resources").AtSliceIndex(7), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id": knownvalue.Int64Exact(30007), "domain": knownvalue.StringExact("odd.example.com"),
					"enable_https": knownvalue.Null(), "gmt_create": knownvalue.Null(), "created_at": knownvalue.Null(), "cloud_name": knownvalue.Null(),
				})),
				statecheck.ExpectKnownValue(cloudResourcesAddress, tfjsonpath.New("resources").AtSliceIndex(119), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id": knownvalue.Int64Exact(30119), "enable_https": knownvalue.Bool(true), "created_at": knownvalue.StringExact("2026-03-02T09:20:00Z"),
				})),
			},
		}},
	})
	if n := calls.Load(); n == 0 || n%3 != 0 {
		t.Errorf("ListCloudResources answered %d times; want three pages per read", n)
	}

	calls.Store(0)
	resp := dataSourceReader(t, url, "alicas_cloud_resources")(nil)
	if calls.Load() != 3 {
		t.Errorf("one read made %d ListCloudResources calls, want 3", calls.Load())
	}
	if len(resp.Diagnostics) != 1 || !strings.Contains(resp.Diagnostics[0].Detail, "ListCloudResources sent 2 value(s)") ||
		!strings.Contains(resp.Diagnostics[0].Detail, "- resources[7] (Id 30007): EnableHttps = 2") ||
		!strings.Contains(resp.Diagnostics[0].Detail, `- resources[7] (Id 30007): GmtCreate = "2026-05-20 07:02:11"`) {
		t.Errorf("want one warning naming both odd values, got %v", resp.Diagnostics)
	}
}

// Filters are checked at plan time, before any call.
func TestAccCloudResources_filterValidation(t *testing.T) {
	argumentErrors(t, "alicas_cloud_resources", map[string]string{
		`cloud_name = "alibaba"`: `value must be one of: \["aliyun" "Tencent" "Huawei" "Aws"\]`,
		`keyword = ""`:           `Attribute keyword string length must be at least 1`,
		`cloud_product = ""`:     `Attribute cloud_product string length must be at least 1`,
		`certificate_ids = []`:   `Attribute certificate_ids set must contain at least 1 elements`,
		`certificate_ids = [0]`:  `Each element of certificate_ids must be a whole number of at least 1, got 0`,
	})
}

// argumentErrors checks that each body of a data source typeName fails at
// plan time with its error, before any API call.
func argumentErrors(t *testing.T, typeName string, bodies map[string]string) {
	t.Helper()
	srv := startEmulator(t, emulator.Options{}, "")
	for body, want := range bodies {
		t.Run(body, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProviders,
				Steps: []resource.TestStep{{
					Config:      providerConfig(srv.URL) + "data \"" + typeName + "\" \"test\" {\n  " + body + "\n}\n",
					PlanOnly:    true,
					ExpectError: errorPattern(want),
				}},
			})
		})
	}
	if n := srv.Stats().Requests; n != 0 {
		t.Errorf("the emulator got %d requests; invalid arguments must fail before any call", n)
	}
}

// exampleRuns applies a documented example against url and checks what it
// shows.
func exampleRuns(t *testing.T, example, url string, checks ...statecheck.StateCheck) {
	t.Helper()
	text, err := os.ReadFile("../../examples/" + example) //nolint:gosec // a path under examples/ the test names
	if err != nil {
		t.Fatal(err)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps:                    []resource.TestStep{{Config: providerConfig(url) + string(text), ConfigStateChecks: checks}},
	})
}

// A cloud_product the documentation does not list is sent, with a
// warning; a documented one passes quietly.
func TestDocumentedValue(t *testing.T) {
	t.Parallel()
	for value, warnings := range map[string]int{"ESA": 1, "CDN": 0} {
		var resp validator.StringResponse
		documentedValue{cloudProducts}.ValidateString(context.Background(), validator.StringRequest{
			Path: path.Root("cloud_product"), ConfigValue: types.StringValue(value),
		}, &resp)
		if resp.Diagnostics.WarningsCount() != warnings || resp.Diagnostics.HasError() {
			t.Errorf("%s: %v", value, resp.Diagnostics)
		}
	}
}

// recordingParams keeps the parameters (query and form, sorted) of every
// request for action that reaches the emulator.
func recordingParams(action string, seen *[]string) emulatorOption {
	var mu sync.Mutex
	return wrappedIn(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("x-acs-action") == action {
				body, _ := io.ReadAll(r.Body)
				r.Body = io.NopCloser(bytes.NewReader(body))
				params, _ := url.ParseQuery(string(body))
				for k, v := range r.URL.Query() {
					params[k] = v
				}
				mu.Lock()
				*seen = append(*seen, params.Encode())
				mu.Unlock()
			}
			next.ServeHTTP(w, r)
		})
	})
}

// The documented example does what it says against the default account.
func TestAccExample_cloudResources(t *testing.T) {
	t.Parallel()
	exampleRuns(t, "data-sources/alicas_cloud_resources/data-source.tf", startEmulator(t, emulator.Options{}, "").URL,
		statecheck.ExpectKnownOutputValue("carrying_old", knownvalue.MapExact(map[string]knownvalue.Check{
			"20981": knownvalue.StringExact("SLB shop.example.com (cn-shanghai)"),
			"20982": knownvalue.StringExact("ALB api.shop.example.com (cn-shanghai)"),
		})),
		statecheck.ExpectKnownOutputValue("example_cdn_with_https", knownvalue.ListExact([]knownvalue.Check{
			knownvalue.Int64Exact(20979), knownvalue.Int64Exact(20980),
		})),
	)
}
