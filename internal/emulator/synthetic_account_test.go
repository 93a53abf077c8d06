package emulator

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

type orderPage struct {
	CertificateOrderList []struct {
		CertificateID                            int64 `json:"CertificateId"`
		Name, CommonName, Sans, SerialNo, Issuer string
		StartDate, EndDate, Fingerprint, Sha2    string
		InstanceID                               string `json:"InstanceId"`
		Upload, Expired                          bool
	}
	CurrentPage, ShowSize, TotalCount int
}

// An account of 1000 synthetic certificates lists them all, 50 a page as
// the provider asks, in 20 pages; the samples stay beside them.
func TestSyntheticCertificatesAreListed(t *testing.T) {
	const n = 1000
	e := newEnv(t, Options{SyntheticCertificates: n})
	seen := map[int64]bool{}
	pages := 0
	for page := 1; ; page++ {
		var p orderPage
		e.mustCall(t, "ListUserCertificateOrder", map[string]string{"OrderType": "CERT", "Keyword": "synthetic-",
			"CurrentPage": strconv.Itoa(page), "ShowSize": "50"}, &p)
		if p.TotalCount != n {
			t.Fatalf("page %d: TotalCount %d, want %d", page, p.TotalCount, n)
		}
		if len(p.CertificateOrderList) == 0 {
			break
		}
		pages++
		for _, c := range p.CertificateOrderList {
			if seen[c.CertificateID] || c.Expired || c.Fingerprint == "" || c.Sha2 == "" || c.SerialNo == "" ||
				c.Issuer == "" || c.StartDate == "" || c.EndDate == "" || c.InstanceID == "" {
				t.Fatalf("page %d: certificate listed twice or incompletely: %+v", page, c)
			}
			seen[c.CertificateID] = true
		}
	}
	if len(seen) != n || pages != n/50 {
		t.Errorf("listed %d certificates in %d pages, want %d in %d", len(seen), pages, n, n/50)
	}
	var all orderPage
	e.mustCall(t, "ListUserCertificateOrder", map[string]string{"OrderType": "CERT"}, &all)
	if all.TotalCount != n+4 { // and the 4 valid samples
		t.Errorf("OrderType CERT lists %d certificates, want %d", all.TotalCount, n+4)
	}
	var uploaded orderPage
	e.mustCall(t, "ListUserCertificateOrder", map[string]string{"OrderType": "UPLOAD", "Keyword": "synthetic-"}, &uploaded)
	if uploaded.TotalCount != n/4 {
		t.Errorf("OrderType UPLOAD lists %d synthetic certificates, want every fourth (%d)", uploaded.TotalCount, n/4)
	}
}

// What the listing shows of a synthetic certificate is what its PEM says,
// read as an upload is read, and its key is the leaf's.
func TestSyntheticCertificatesAreReal(t *testing.T) {
	e := newEnv(t, Options{SyntheticCertificates: 8})
	for _, i := range []int{1, 4, 8} {
		id := firstSyntheticCertID + i
		var listed orderPage
		e.mustCall(t, "ListUserCertificateOrder", map[string]string{"OrderType": "CERT", "Keyword": fmt.Sprintf("synthetic-%d.", i)}, &listed)
		if listed.TotalCount != 1 || listed.CertificateOrderList[0].CertificateID != int64(id) {
			t.Fatalf("synthetic certificate %d by keyword: %s", i, e.last(t).respBody)
		}
		got := listed.CertificateOrderList[0]
		var d struct{ Cert, Key, Algorithm string }
		e.mustCall(t, "GetUserCertificateDetail", map[string]string{"CertId": strconv.Itoa(id)}, &d)
		c, err := parseCertificate(d.Cert, d.Key)
		if err != nil {
			t.Fatalf("synthetic certificate %d: its PEM does not read as an upload: %v", i, err)
		}
		want := fmt.Sprintf("%s %s %s %s %s %s %s %s %d ECC", c.commonName, strings.Join(c.sans, ","), date(c.notBefore),
			date(c.notAfter), c.fingerprint, c.sha2, c.serial, c.issuer, len(c.chain))
		have := fmt.Sprintf("%s %s %s %s %s %s %s %s 2 %s", got.CommonName, got.Sans, got.StartDate, got.EndDate,
			got.Fingerprint, got.Sha2, got.SerialNo, got.Issuer, d.Algorithm)
		if have != want {
			t.Errorf("synthetic certificate %d:\nlisted %s\nPEM    %s", i, have, want)
		}
		if got.Upload != (i%4 == 0) {
			t.Errorf("synthetic certificate %d: Upload %t", i, got.Upload)
		}
	}
}

func TestSyntheticCertificatesRefuseBadCounts(t *testing.T) {
	for _, n := range []int{-1, MaxSyntheticCertificates + 1} {
		if _, err := New(Options{SyntheticCertificates: n}); err == nil || !strings.Contains(err.Error(), "synthetic certificates") {
			t.Errorf("SyntheticCertificates %d: New error %v", n, err)
		}
	}
}
