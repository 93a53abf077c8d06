package emulator

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// SyntheticCertificate is the i-th certificate of a made-up account, with
// every field ListDeploymentJobCert sends for an issued certificate (about
// 400 bytes of JSON), for benchmarks and load tests at any size.
func SyntheticCertificate(i int) json.RawMessage {
	const day = 86_400_000 // milliseconds
	notBefore := int64(1_767_225_600_000) + int64(i%365)*day
	algorithm := [...]string{"RSA", "ECC", "SM2"}[i%3]
	status := [...]string{"issued", "willExpired", "upload"}[i%3]
	return fmt.Appendf(nil, `{"CertId":%d,"CertInstanceId":"cas-ivauto-%06x","CertName":"cert-%d.example.com",`+
		`"CommonName":"www.cert-%d.example.com","Sans":["www.cert-%d.example.com","cert-%d.example.com","api.cert-%d.example.com"],`+
		`"Algorithm":%q,"NotBeforeTime":%d,"NotAfterTime":%d,"Month":12,"StatusCode":%q,"CertType":"DV",`+
		`"CertOrderType":"buy","IsTrustee":%t}`,
		20_000_000+i, i, i, i, i, i, i, algorithm, notBefore, notBefore+365*day-1, status, i%2 == 0)
}

// SyntheticFixture is an account of jobs 1..jobs, each with certsPerJob
// synthetic certificates (numbered across the whole account).
func SyntheticFixture(jobs, certsPerJob int) *Fixture {
	f := &Fixture{Jobs: make(map[string][]json.RawMessage, jobs)}
	for j := range jobs {
		certs := make([]json.RawMessage, certsPerJob)
		for c := range certs {
			certs[c] = SyntheticCertificate(j*certsPerJob + c)
		}
		f.Jobs[strconv.Itoa(j+1)] = certs
	}
	return f
}
