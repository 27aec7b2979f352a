"""Matcher.evaluate takes shortcuts for the common turn (one occurrence, no containment to
check); for any keyword set, utterance and candidate set it must give what the general rule
gives. `ReferenceMatcher` keeps evaluate as it was before the shortcuts (a frozen copy: the
oracle), on the same compiled keywords."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from designer.engine.matcher import REGEX_TIMEOUT_S, Dropped, Evaluation, Hit, Matcher
from designer.engine.normalize import normalize
from designer.model import Intent


class ReferenceMatcher(Matcher):
    def evaluate(self, text, candidates, normalized=False):
        norm = text if normalized else normalize(text)
        cand = candidates if isinstance(candidates, (set, frozenset)) else set(candidates)
        ev = Evaluation(norm)
        found = self.scan(norm)
        occ = []
        owners = self._owner_info
        for p, s, e in found:
            for iid, k, js, need, *_ in owners[p]:
                if iid in cand:
                    occ.append((iid, k, js, need, s, e))
        for iid in self._regex_order:
            if iid not in cand:
                continue
            for spec in self.regexes[iid]:
                try:
                    spans = [m.span() for m in spec.regex.finditer(norm, timeout=REGEX_TIMEOUT_S)]
                except TimeoutError:
                    ev.timed_out.append((iid, spec.text))
                    continue
                occ.extend((iid, spec.index, (0,), 1, a, b) for a, b in spans)
        if not occ:
            return ev
        first = occ[0][0]
        for o in occ:
            if o[0] != first:
                occ = self._ref_drop_contained(occ, ev)
                break
        self._ref_hits(occ, found, ev)
        return ev

    def _ref_hits(self, alive, found, ev):
        best = {}
        seen = {}
        first = {}
        for iid, k, js, need, s, e in alive:
            if need > 1:
                key = (iid, k)
                got = seen.setdefault(key, set())
                got.update(js)
                s, e = first.setdefault(key, (s, e))
                if len(got) < need:
                    continue
            elif iid not in best:
                best[iid] = (k, s, e)
                continue
            b = best.get(iid)
            if b is None or k < b[0]:
                best[iid] = (k, s, e)
        intents = {o[0] for o in alive}
        order = self._order
        excludes = self.excludes
        present = None
        for iid in sorted(intents, key=order.__getitem__) if len(intents) > 1 else intents:
            if excludes[iid]:
                if present is None:
                    present = {p for p, _, _ in found}
                excl = [p for p in excludes[iid] if p in present]
                if excl:
                    ev.excluded.append((iid, self.patterns[excl[0]]))
                    continue
            b = best.get(iid)
            if b is not None:
                ev.hits[iid] = Hit(iid, self.intents[iid].keywords[b[0]], b[1], b[2])

    def _ref_drop_contained(self, occ, ev):
        alive = []
        for o in occ:
            iid, s, e = o[0], o[4], o[5]
            n = e - s
            for c in occ:
                if c[0] != iid and c[4] <= s and e <= c[5] and c[5] - c[4] > n:
                    kws = self.intents
                    ev.dropped.append(Dropped(iid, kws[iid].keywords[o[1]],
                                              c[0], kws[c[0]].keywords[c[1]]))
                    break
            else:
                alive.append(o)
        return alive


def _as_lists(ev: Evaluation) -> list:
    return [ev.normalized, list(ev.hits.items()), ev.dropped, ev.excluded, ev.timed_out]


# few letters, so keywords overlap, contain each other and repeat
letters = st.sampled_from(list("不需要宽带钱") + ["ok", "no", " ", "，"])
phrase = st.lists(letters, min_size=1, max_size=4).map("".join)
keyword = st.one_of(phrase, st.lists(phrase, min_size=2, max_size=3).map("&".join),
                    st.sampled_from(["re:要+", "re:宽带?钱", "re:(no|ok)"]))
intent = st.builds(lambda kws, excl: Intent(keywords=tuple(kws), exclude=tuple(excl)),
                   st.lists(keyword, min_size=1, max_size=4),
                   st.lists(phrase, max_size=1))
intents = st.lists(intent, min_size=1, max_size=5).map(
    lambda xs: {f"i{n}": x for n, x in enumerate(xs)})
utterance = st.lists(letters, max_size=12).map("".join)


@settings(max_examples=700, deadline=None)
@given(intents, st.lists(utterance, min_size=1, max_size=4), st.data())
def test_evaluate_is_the_general_rule(script_intents, texts, data):
    fast, reference = Matcher(script_intents), ReferenceMatcher(script_intents)
    ids = list(script_intents)
    for text in texts:
        cand = set(data.draw(st.lists(st.sampled_from(ids), unique=True)))
        assert _as_lists(fast.evaluate(text, cand)) == _as_lists(reference.evaluate(text, cand))
        everyone = frozenset(ids)
        assert (_as_lists(fast.evaluate(text, everyone))
                == _as_lists(reference.evaluate(text, everyone)))


def test_one_incomplete_occurrence_still_reports_its_exclude():
    """An intent whose only occurrence is part of an a&b keyword is not hit, but an exclude
    phrase that occurs is still reported (as the general rule does)."""
    m = Matcher({"a": Intent(keywords=("宽带&钱",), exclude=("不",))})
    ev = m.evaluate("不宽带", {"a"})
    assert ev.hits == {} and ev.excluded == [("a", "不")]
