package arima

// The gradient of the conditional sum of squares, by differentiating its
// recursion: with e_t = phi(B) u_t - (theta(B) - 1) e_t, the derivative
// g_t of e_t by a parameter follows g_t = f_t - sum_j theta_j g_{t-j},
// where the forcing f_t is -(d phi(B)) u_t for an autoregressive parameter,
// -(d theta(B)) e_t for a moving-average one and -phi(B) x_t for the
// constant's coefficient. An exact gradient costs about one evaluation per
// parameter where central differences cost two, and needs no step.

// dterms returns, for each parameter of par (ar, ma, sar, sma), the
// derivative of the expanded autoregressive (for ar, sar) or
// moving-average (for ma, sma) polynomial by it, as lag terms.
func dterms(o Order, m int, par []float64) [][]term {
	ar, ma := par[:o.P], par[o.P:o.P+o.Q]
	sar, sma := par[o.P+o.Q:o.P+o.Q+o.SP], par[o.P+o.Q+o.SP:o.nCoef()]
	out := make([][]term, 0, o.nCoef())
	// phi(B) = (1 - ar(B))(1 - sar(B^m)): the coefficient of lag jm+i
	// is -ar_i sar_j beyond the pure terms; theta(B) = (1 + ma(B))(1 +
	// sma(B^m)) with +ma_i sma_j.
	for i := range ar {
		t := []term{{i + 1, 1}}
		for j, s := range sar {
			t = append(t, term{(j+1)*m + i + 1, -s})
		}
		out = append(out, t)
	}
	for i := range ma {
		t := []term{{i + 1, 1}}
		for j, s := range sma {
			t = append(t, term{(j+1)*m + i + 1, s})
		}
		out = append(out, t)
	}
	for j := range sar {
		t := []term{{(j + 1) * m, 1}}
		for i, a := range ar {
			t = append(t, term{(j+1)*m + i + 1, -a})
		}
		out = append(out, t)
	}
	for j := range sma {
		t := []term{{(j + 1) * m, 1}}
		for i, a := range ma {
			t = append(t, term{(j+1)*m + i + 1, a})
		}
		out = append(out, t)
	}
	return out
}

// cssGrad fills g with the gradient of 0.5*log(ssq/nu), the objective of
// the conditional fit, at par. Runs in O(n*(p+q)) per parameter.
func (pr *problem) cssGrad(par, g []float64) {
	o := pr.o
	n := len(pr.w)
	if len(pr.e) != n {
		pr.e, pr.dg = make([]float64, n), make([]float64, n)
	}
	ssq, _ := pr.css(par, pr.e)
	u, e, dg := pr.residual(par), pr.e, pr.dg
	p := len(pr.arFull)
	// grad turns the forcing in dg into the derivative of e, in place,
	// and returns sum e_t g_t / ssq.
	grad := func() float64 {
		var s float64
		for t := p; t < n; t++ {
			v := dg[t]
			if t-p >= len(pr.maFull) {
				for _, b := range pr.ma {
					v -= b.c * dg[t-b.lag]
				}
			} else {
				for _, b := range pr.ma {
					if t-b.lag >= p {
						v -= b.c * dg[t-b.lag]
					}
				}
			}
			dg[t] = v
			s += e[t] * v
		}
		return s / ssq
	}
	for k, dt := range dterms(o, pr.m, par) {
		// d phi(B) and d theta(B) enter e with a minus sign.
		src := u
		if k >= o.P && k < o.P+o.Q || k >= o.P+o.Q+o.SP {
			src = e // a moving-average parameter
		}
		clear(dg)
		for _, d := range dt {
			for t := max(p, d.lag); t < n; t++ {
				dg[t] -= d.c * src[t-d.lag]
			}
		}
		g[k] = grad()
	}
	if pr.xw != nil {
		x := pr.xw
		for t := p; t < n; t++ {
			dg[t] = -x[t]
		}
		for _, a := range pr.ar {
			for t := p; t < n; t++ {
				dg[t] += a.c * x[t-a.lag]
			}
		}
		g[o.nCoef()] = grad()
	}
}
