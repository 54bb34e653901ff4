package schedule

import "slices"

// placeBreaks moves each break of each shift, one at a time, to the place
// in its window that leaves the least under-coverage and then the flattest
// surplus, so that breaks are staggered where coverage can best spare them.
// Breaks stay in their order, min_break_gap apart. Two passes over every
// break run in O(breaks x positions x shift length).
func (st *state) placeBreaks() {
	for pass := 0; pass < 2; pass++ {
		moved := false
		for _, t := range st.tours {
			tm := &st.p.tmpls[t.tmpl]
			nb := len(tm.breaks)
			if nb == 0 {
				continue
			}
			for j := 0; j < 7; j++ {
				if t.mask&(1<<j) == 0 {
					continue
				}
				for b, bk := range tm.breaks {
					lo, hi := bk.from, min(bk.to, tm.span-bk.length)
					if b > 0 {
						lo = max(lo, int(t.brk[j*nb+b-1])+tm.breaks[b-1].length+tm.breakGap)
					}
					if b+1 < nb {
						hi = min(hi, int(t.brk[j*nb+b+1])-bk.length-tm.breakGap)
					}
					cur := int(t.brk[j*nb+b])
					start := (7*t.week+j)*24*60 + int(t.start[j])
					clash := func(off int) bool {
						return slices.ContainsFunc(t.act, func(x act) bool {
							return int(x.day) == j && int(x.at) < start+off+bk.length && start+off < int(x.at+x.length)
						})
					}
					st.applyDay(t, j, -1)
					var best score
					at, found := cur, false
					for off := lo; off <= hi; off += st.p.bstep {
						if clash(off) {
							continue
						}
						t.brk[j*nb+b] = int32(off)
						st.applyDay(t, j, 1)
						sc := st.score()
						st.applyDay(t, j, -1)
						if !found || sc.less(best, 1) {
							best, at, found = sc, off, true
						}
					}
					// keep the current place unless another is strictly
					// better, or it clashes with an activity
					t.brk[j*nb+b] = int32(cur)
					st.applyDay(t, j, 1)
					if curSc := st.score(); found && (best.less(curSc, 1) || clash(cur)) {
						st.applyDay(t, j, -1)
						t.brk[j*nb+b] = int32(at)
						st.applyDay(t, j, 1)
						moved = true
					}
				}
			}
		}
		if !moved {
			return
		}
	}
}
