package provider

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/alicas/terraform-provider-alicas/internal/benchtest"
	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// Benchmarks of the provider's own cost; bench/run.sh turns their output
// into bench/RESULTS.md. Targets are read from the numbers, never asserted.

var benchSizes = []int{1, 100, 10_000}

// BenchmarkConvertCertificates is the Terraform side of a read, as Read
// does it: decoded certificates to a list value, set into state, encoded
// (msgpack) as the answer to Terraform.
func BenchmarkConvertCertificates(b *testing.B) {
	ctx := context.Background()
	schema := certsSchema(b)
	typ, ok := schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		b.Fatal("the data source schema is not an object")
	}
	raw := nullsBut(typ, map[string]tftypes.Value{"job_id": tftypes.NewValue(tftypes.Number, 1)})
	for _, n := range benchSizes {
		certs := syntheticCerts(b, n)
		b.Run(fmt.Sprintf("certs=%d", n), func(b *testing.B) {
			perCert := benchtest.PerCert(b, n)
			for b.Loop() {
				state := tfsdk.State{Schema: schema, Raw: raw.Copy()} // as the framework starts it
				if diags := setState(&state, map[string]tftypes.Value{"certificates": jobCertificate.listValue(certs)}); diags.HasError() {
					b.Fatal(diags)
				}
				if _, err := tfprotov6.NewDynamicValue(state.Raw.Type(), state.Raw); err != nil {
					b.Fatal(err)
				}
			}
			perCert()
		})
	}
}

// BenchmarkReadCertificates is everything the provider does for one
// alicas_deployment_job_certs read, through the protocol server Terraform
// talks to: config decoded, the call signed and sent, the answer received
// and decoded, converted, set into state and encoded. The server answers
// prepared bytes, so its own cost is next to nothing.
func BenchmarkReadCertificates(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("certs=%d", n), func(b *testing.B) {
			body := certsAnswer(n)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json;charset=utf-8")
				_, _ = w.Write(body)
			}))
			defer srv.Close()
			read := protocolReader(b, srv.URL)
			perCert := benchtest.PerCert(b, n)
			for b.Loop() {
				read(1)
			}
			perCert()
		})
	}
}

// BenchmarkReadVersusRoundTrip times, alternately in one loop, three ways
// to get job 8888's certificates from the in-process emulator: a bare
// signed HTTP round trip (the floor: sign, send, read the body), the API
// client's call, and a whole data source read through the protocol server.
// It reports each one's mean and their ratios to the floor.
func BenchmarkReadVersusRoundTrip(b *testing.B) {
	ts := startEmulator(b, emulator.Options{}, "")
	bare := &bareClient{url: ts.URL, http: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 10}}}
	client := benchClient(b, ts.URL)
	read := protocolReader(b, ts.URL)
	ctx := context.Background()
	var floor, api, full time.Duration
	for b.Loop() {
		start := time.Now()
		bare.listCerts(b, 8888)
		mid := time.Now()
		if _, err := client.ListDeploymentJobCert(ctx, 8888); err != nil {
			b.Fatal(err)
		}
		mid2 := time.Now()
		read(8888)
		end := time.Now()
		floor, api, full = floor+mid.Sub(start), api+mid2.Sub(mid), full+end.Sub(mid2)
	}
	n := float64(b.N)
	b.ReportMetric(float64(floor.Nanoseconds())/n, "bare-ns/call")
	b.ReportMetric(float64(api.Nanoseconds())/n, "client-ns/call")
	b.ReportMetric(float64(full.Nanoseconds())/n, "read-ns/call")
	b.ReportMetric(float64(api)/float64(floor), "client/bare")
	b.ReportMetric(float64(full)/float64(floor), "read/bare")
}

// bareClient signs ListDeploymentJobCert calls with ACS3-HMAC-SHA256 by
// hand and reads the answer's bytes: the least any client must do.
type bareClient struct {
	url  string
	http *http.Client
}

func (c *bareClient) listCerts(b *testing.B, jobID int64) {
	query := "JobId=" + strconv.FormatInt(jobID, 10)
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, c.url+"/?"+query, nil)
	if err != nil {
		b.Fatal(err)
	}
	var nonce [16]byte
	_, _ = rand.Read(nonce[:])
	emptyHash := sha256.Sum256(nil)
	h := map[string]string{
		"host":                  req.URL.Host,
		"x-acs-action":          "ListDeploymentJobCert",
		"x-acs-content-sha256":  hex.EncodeToString(emptyHash[:]),
		"x-acs-date":            time.Now().UTC().Format("2006-01-02T15:04:05Z"),
		"x-acs-signature-nonce": hex.EncodeToString(nonce[:]),
		"x-acs-version":         cas.APIVersion,
	}
	names := []string{"host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"}
	var canonical strings.Builder
	canonical.WriteString("POST\n/\n" + query + "\n")
	for _, name := range names {
		canonical.WriteString(name + ":" + h[name] + "\n")
		if name != "host" {
			req.Header.Set(name, h[name])
		}
	}
	canonical.WriteString("\n" + strings.Join(names, ";") + "\n" + h["x-acs-content-sha256"])
	canonicalHash := sha256.Sum256([]byte(canonical.String()))
	mac := hmac.New(sha256.New, []byte(emulator.DefaultAccessKeySecret))
	mac.Write([]byte("ACS3-HMAC-SHA256\n" + hex.EncodeToString(canonicalHash[:])))
	req.Header.Set("Authorization", fmt.Sprintf("ACS3-HMAC-SHA256 Credential=%s,SignedHeaders=%s,Signature=%x",
		emulator.DefaultAccessKeyID, strings.Join(names, ";"), mac.Sum(nil)))
	resp, err := c.http.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(`"Data"`)) {
		b.Fatalf("HTTP %d %s: %v", resp.StatusCode, body, err)
	}
}

// protocolReader configures the provider through its protocol-6 server,
// as Terraform does, against url, and returns a function that reads
// alicas_deployment_job_certs for a job.
func protocolReader(b *testing.B, url string) func(jobID int64) {
	b.Helper()
	read := dataSourceReader(b, url, "alicas_deployment_job_certs")
	return func(jobID int64) {
		resp := read(map[string]tftypes.Value{"job_id": tftypes.NewValue(tftypes.Number, jobID)})
		if len(resp.Diagnostics) > 0 {
			b.Fatalf("read: %v", resp.Diagnostics[0])
		}
	}
}

// dataSourceReader configures the provider through its protocol-6 server,
// as Terraform does, against url (no retries, no rate limit), and returns a
// function that reads the data source typeName with the arguments in args.
func dataSourceReader(tb testing.TB, url, typeName string) func(args map[string]tftypes.Value) *tfprotov6.ReadDataSourceResponse {
	tb.Helper()
	ctx := context.Background()
	server, schemas := configuredServer(tb, url)
	dsType, ok := schemas.DataSourceSchemas[typeName].ValueType().(tftypes.Object)
	if !ok {
		tb.Fatalf("the %s schema is not an object", typeName)
	}
	return func(args map[string]tftypes.Value) *tfprotov6.ReadDataSourceResponse {
		resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: typeName, Config: dynamicValue(tb, nullsBut(dsType, args))})
		if err != nil {
			tb.Fatalf("read: %v", err)
		}
		return resp
	}
}

// configuredServer is the provider's protocol-6 server configured as
// Terraform configures it, against url (no retries, no rate limit), and
// its schemas.
func configuredServer(tb testing.TB, url string) (tfprotov6.ProviderServerWithListResource, *tfprotov6.GetProviderSchemaResponse) { //nolint:staticcheck // the list RPC is only on this interface in plugin-go v0.31
	tb.Helper()
	ctx := context.Background()
	server, ok := providerserver.NewProtocol6(New("bench")())().(tfprotov6.ProviderServerWithListResource) //nolint:staticcheck // as above
	if !ok {
		tb.Fatal("the provider server does not list resources")
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		tb.Fatalf("schema: %v %v", err, schemas.Diagnostics)
	}
	providerType, ok := schemas.Provider.ValueType().(tftypes.Object)
	if !ok {
		tb.Fatal("the provider schema is not an object")
	}
	config := providerConfigValue(tb, providerType, url, map[string]tftypes.Value{
		"max_retries":             tftypes.NewValue(tftypes.Number, 0),
		"max_requests_per_second": tftypes.NewValue(tftypes.Number, 1_000_000),
	})
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: dynamicValue(tb, config)})
	if err != nil || len(configured.Diagnostics) > 0 {
		tb.Fatalf("configure: %v %v", err, configured.Diagnostics)
	}
	return server, schemas
}

func dynamicValue(tb testing.TB, v tftypes.Value) *tfprotov6.DynamicValue {
	dv, err := tfprotov6.NewDynamicValue(v.Type(), v)
	if err != nil {
		tb.Fatal(err)
	}
	return &dv
}

// benchClient is the API client as Configure builds it, without the rate
// limit and retries.
func benchClient(b testing.TB, url string) *cas.Client {
	endpoint, err := cas.ParseEndpoint(url)
	if err != nil {
		b.Fatal(err)
	}
	credential, _, diags := resolveCredential(context.Background(), providerModel{
		AccessKey: types.StringValue(emulator.DefaultAccessKeyID), SecretKey: types.StringValue(emulator.DefaultAccessKeySecret),
	}, "", nil)
	if diags.HasError() {
		b.Fatal(diags)
	}
	client, err := cas.New(cas.Config{Endpoint: endpoint, Credential: credential})
	if err != nil {
		b.Fatal(err)
	}
	return client
}

func certsSchema(b *testing.B) schema.Schema {
	var resp datasource.SchemaResponse
	NewDeploymentJobCertsDataSource().Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		b.Fatal(resp.Diagnostics)
	}
	return resp.Schema
}

// certsAnswer is a ListDeploymentJobCert answer with n synthetic certificates.
func certsAnswer(n int) []byte {
	certs := emulator.SyntheticFixture(1, n).Jobs["1"]
	data, _ := json.Marshal(certs)
	return fmt.Appendf(nil, `{"RequestId":"A1B2C3D4-0000-4000-8000-000000000000","Data":%s}`, data)
}

func syntheticCerts(b *testing.B, n int) []cas.DeploymentJobCert {
	var answer struct{ Data []cas.DeploymentJobCert }
	if err := json.Unmarshal(certsAnswer(n), &answer); err != nil || len(answer.Data) != n {
		b.Fatalf("%d certificates: %v", len(answer.Data), err)
	}
	return answer.Data
}
