package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/wfm-dev/wfm/examples"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/stat/distuv"
)

// handWritten are the embedded example files the generator does not write.
var handWritten = []string{"plan.yaml", "activities.yaml", "timeoff.csv"}

// TestCommittedFilesAreGenerated regenerates every example file and
// compares it byte for byte with the committed, embedded one, so that the
// data cannot drift from its generator.
func TestCommittedFilesAreGenerated(t *testing.T) {
	dir := t.TempDir()
	if err := write(dir); err != nil {
		t.Fatal(err)
	}
	written, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	embedded, err := fs.ReadDir(examples.Files, ".")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range written {
		names = append(names, e.Name())
	}
	for _, e := range embedded {
		// Hand-written files may sit beside the generated ones.
		if !slices.Contains(names, e.Name()) && !slices.Contains(handWritten, e.Name()) {
			t.Errorf("%s: embedded but neither generated nor hand-written", e.Name())
		}
	}
	for _, name := range names {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		committed, err := fs.ReadFile(examples.Files, name)
		if err != nil {
			t.Errorf("%s: generated but not embedded: %v", name, err)
			continue
		}
		if !bytes.Equal(got, committed) {
			t.Errorf("%s: the committed file differs from the generator's output (%d against %d bytes); run go generate ./examples",
				name, len(committed), len(got))
		}
	}
}

// TestFilesAreStable builds the files twice in one process: whatever the
// committed files hold, the generator must not depend on map order, time
// or anything but its seed.
func TestFilesAreStable(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the examples twice")
	}
	a, err := files()
	if err != nil {
		t.Fatal(err)
	}
	b, err := files()
	if err != nil {
		t.Fatal(err)
	}
	for i := range a {
		if a[i].name != b[i].name || !bytes.Equal(a[i].data, b[i].data) {
			t.Errorf("%s: two builds differ", a[i].name)
		}
	}
}

func TestPoissonMoments(t *testing.T) {
	const n = 200_000
	for _, lambda := range []float64{0.3, 2, 16, 17.5, 40, 250} {
		r := newRand(uint64(lambda * 1000))
		var sum, sq float64
		zeros := 0
		for range n {
			k := float64(poisson(r, lambda))
			sum += k
			sq += k * k
			if k == 0 {
				zeros++
			}
		}
		mean := sum / n
		variance := sq/n - mean*mean
		// Standard errors of the sample mean and variance of a Poisson law.
		seMean := math.Sqrt(lambda / n)
		seVar := math.Sqrt((lambda + 2*lambda*lambda) / n)
		if !scalar.EqualWithinAbs(mean, lambda, 5*seMean) {
			t.Errorf("lambda %v: mean %v, want %v ± %.3g", lambda, mean, lambda, 5*seMean)
		}
		if !scalar.EqualWithinAbs(variance, lambda, 5*seVar) {
			t.Errorf("lambda %v: variance %v, want %v ± %.3g", lambda, variance, lambda, 5*seVar)
		}
		p0 := math.Exp(-lambda)
		if got, se := float64(zeros)/n, math.Sqrt(p0*(1-p0)/n); !scalar.EqualWithinAbs(got, p0, 5*se+1e-12) {
			t.Errorf("lambda %v: P(0) = %v, want e^-lambda = %v", lambda, got, p0)
		}
	}
}

// TestPoissonDistribution compares the frequencies of a mean spanning two
// chunks with the Poisson probabilities by a chi-square test.
func TestPoissonDistribution(t *testing.T) {
	const (
		n      = 100_000
		lambda = 20.0
	)
	r := newRand(7)
	counts := make([]float64, 60)
	for range n {
		counts[min(poisson(r, lambda), len(counts)-1)]++
	}
	chi2, cells := 0.0, 0
	tail := 1.0
	for k := range counts[:len(counts)-1] {
		lg, _ := math.Lgamma(float64(k) + 1)
		p := math.Exp(float64(k)*math.Log(lambda) - lambda - lg)
		tail -= p
		if p*n < 5 {
			continue // too few expected for the test; counted nowhere
		}
		chi2 += (counts[k] - p*n) * (counts[k] - p*n) / (p * n)
		cells++
	}
	limit := distuv.ChiSquared{K: float64(cells - 1)}.Quantile(0.999)
	if cells < 25 || chi2 > limit {
		t.Errorf("chi-square %.1f over %d cells, want below its 0.999 quantile %.1f", chi2, cells, limit)
	}
	if tail < 0 || tail > 1e-9 {
		t.Errorf("probability beyond 59 = %g, the test's last cell is not negligible", tail)
	}
}

func TestPoissonZeroMean(t *testing.T) {
	r := newRand(1)
	for range 100 {
		if k := poisson(r, 0); k != 0 {
			t.Fatalf("poisson(0) = %d", k)
		}
	}
}

func TestGammaMoments(t *testing.T) {
	const n = 200_000
	for _, c := range []struct{ shape, scale float64 }{{1, 1}, {2, 174}, {7.5, 0.1}, {400, 0.9}} {
		r := newRand(uint64(c.shape * 10))
		var sum, sq float64
		for range n {
			x := gamma(r, c.shape, c.scale)
			if x <= 0 {
				t.Fatalf("gamma(%v, %v) drew %v", c.shape, c.scale, x)
			}
			sum += x
			sq += x * x
		}
		mean := sum / n
		variance := sq/n - mean*mean
		wantMean, wantVar := c.shape*c.scale, c.shape*c.scale*c.scale
		// The fourth central moment of the gamma law is 3k(k+2)θ⁴.
		seMean := math.Sqrt(wantVar / n)
		seVar := math.Sqrt((3*c.shape*(c.shape+2)*math.Pow(c.scale, 4) - wantVar*wantVar) / n)
		if !scalar.EqualWithinAbs(mean, wantMean, 5*seMean) {
			t.Errorf("gamma(%v, %v): mean %v, want %v", c.shape, c.scale, mean, wantMean)
		}
		if !scalar.EqualWithinAbs(variance, wantVar, 5*seVar) {
			t.Errorf("gamma(%v, %v): variance %v, want %v", c.shape, c.scale, variance, wantVar)
		}
	}
}

func TestBadArgumentsPanic(t *testing.T) {
	for name, f := range map[string]func(){
		"poisson negative": func() { poisson(newRand(1), -1) },
		"poisson NaN":      func() { poisson(newRand(1), math.NaN()) },
		"poisson infinite": func() { poisson(newRand(1), math.Inf(1)) },
		"gamma shape":      func() { gamma(newRand(1), 0.5, 1) },
		"gamma scale":      func() { gamma(newRand(1), 2, 0) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

func TestFormats(t *testing.T) {
	for _, c := range []struct {
		d          time.Duration
		dur, clock string
	}{
		{30 * time.Minute, "30m", "00:30"},
		{8 * time.Hour, "8h", "08:00"},
		{hm(3, 30), "3h30m", "03:30"},
		{hm(23, 0), "23h", "23:00"},
	} {
		if got := dur(c.d); got != c.dur {
			t.Errorf("dur(%v) = %q, want %q", c.d, got, c.dur)
		}
		if got := clock(c.d); got != c.clock {
			t.Errorf("clock(%v) = %q, want %q", c.d, got, c.clock)
		}
	}
	for x, want := range map[float64]string{0: "", 0.85: "0.85", 60: "60", 348.5: "348.5"} {
		if got := num(x); got != want {
			t.Errorf("num(%v) = %q, want %q", x, got, want)
		}
	}
}

// TestProfilesMeanOne checks the normalisation the daily volumes rely on.
func TestProfilesMeanOne(t *testing.T) {
	p := newProfiles()
	for c := range channels {
		for k := range 2 {
			sum := 0.0
			for i := range intervalsPerDay {
				sum += p.day[c][k][i] + p.live[c][k][i]
			}
			if !scalar.EqualWithinAbsOrRel(sum/intervalsPerDay, 1, 1e-12, 1e-12) {
				t.Errorf("%s day type %d: profile mean %v, want 1", channels[c].name, k, sum/intervalsPerDay)
			}
		}
	}
	for _, ch := range channels {
		sum := 0.0
		for _, w := range ch.weekly {
			sum += w
		}
		if !scalar.EqualWithinAbsOrRel(sum/7, 1, 1e-12, 1e-12) {
			t.Errorf("%s: weekly factors average %v, want 1", ch.name, sum/7)
		}
	}
}

func BenchmarkPoisson(b *testing.B) {
	for _, lambda := range []float64{2, 250} {
		b.Run(fmt.Sprintf("mean=%g", lambda), func(b *testing.B) {
			r := newRand(1)
			b.ReportAllocs()
			for b.Loop() {
				poisson(r, lambda)
			}
		})
	}
}

func BenchmarkHistory(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		history()
	}
}

func BenchmarkFiles(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := files(); err != nil {
			b.Fatal(err)
		}
	}
}
