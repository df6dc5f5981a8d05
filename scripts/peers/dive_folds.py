"""DiveML's fold assignment (DiveML.Extensions.CrossValidation.FoldAssignment) in Python, row for row.

contiguous: blocks in file order, fold sizes n//k + (1 if fold < n%k else 0) = sklearn KFold(shuffle=False).
shuffled:   new System.Random(seed).Shuffle(0..n-1), then the same blocks over that order.
stratified: rows grouped by class (classes numbered by first occurrence, as ML.NET's MapValueToKey), groups in class
            order, each group shuffled by ONE shared System.Random(seed), then dealt round-robin continuing across
            classes (fold = running index mod k).
System.Random(int seed) is .NET's legacy seeded generator (Net5CompatSeedImpl: Knuth's subtractive generator from
Numerical Recipes); Random.Shuffle is Fisher-Yates forward: for i in 0..n-2: j = Next(i, n); swap(i, j).
Checked against the C# code compiled from the repository (see PROVENANCE.md).
"""
INT_MAX = 2147483647
MSEED = 161803398


def _i32(v):
    """C# int arithmetic wraps (unchecked): seeds with |seed| > 161803398 rely on it."""
    return (v + 2**31) % 2**32 - 2**31


class DotNetRandom:
    """System.Random(seed) for seeded construction (the Net5 compatible algorithm)."""

    def __init__(self, seed):
        seed_array = [0] * 56
        subtraction = INT_MAX if seed == -2147483648 else abs(seed)
        mj = _i32(MSEED - subtraction)
        seed_array[55] = mj
        mk = 1
        ii = 0
        for _ in range(1, 55):
            ii += 21
            if ii >= 55:
                ii -= 55
            seed_array[ii] = mk
            mk = _i32(mj - mk)
            if mk < 0:
                mk = _i32(mk + INT_MAX)
            mj = seed_array[ii]
        for _ in range(1, 5):
            for i in range(1, 56):
                n = i + 30
                if n >= 55:
                    n -= 55
                seed_array[i] = _i32(seed_array[i] - seed_array[1 + n])
                if seed_array[i] < 0:
                    seed_array[i] = _i32(seed_array[i] + INT_MAX)
        self._a = seed_array
        self._inext = 0
        self._inextp = 21

    def _internal_sample(self):
        inext = self._inext + 1
        if inext >= 56:
            inext = 1
        inextp = self._inextp + 1
        if inextp >= 56:
            inextp = 1
        ret = _i32(self._a[inext] - self._a[inextp])
        if ret == INT_MAX:
            ret -= 1
        if ret < 0:
            ret = _i32(ret + INT_MAX)
        self._a[inext] = ret
        self._inext, self._inextp = inext, inextp
        return ret

    def sample(self):
        return self._internal_sample() * (1.0 / INT_MAX)

    def next_range(self, lo, hi):
        """Next(minValue, maxValue) for ranges below 2^31 (all that fold assignment needs)."""
        rng = hi - lo
        assert 0 <= rng <= INT_MAX
        return _i32(int(self.sample() * rng) + lo)  # (int) truncates toward zero, as int()

    def shuffle(self, values):
        n = len(values)
        for i in range(n - 1):
            j = self.next_range(i, n)
            if j != i:
                values[i], values[j] = values[j], values[i]


def _deal_blocks(order, k, assignment):
    size, extra = divmod(len(order), k)
    pos = 0
    for fold in range(k):
        for _ in range(size + (1 if fold < extra else 0)):
            assignment[order[pos]] = fold
            pos += 1


def assign(rows, k, mode="contiguous", seed=0, classes=None):
    """Fold (0..k-1) of each row, exactly as DiveML's FoldAssignment.Assign."""
    if k < 2 or k > rows:
        raise ValueError(f"need 2 <= k <= rows, got k={k}, rows={rows}")
    assignment = [0] * rows
    if mode == "contiguous":
        _deal_blocks(list(range(rows)), k, assignment)
    elif mode == "shuffled":
        order = list(range(rows))
        DotNetRandom(seed).shuffle(order)
        _deal_blocks(order, k, assignment)
    elif mode == "stratified":
        if classes is None or len(classes) != rows:
            raise ValueError("stratified folds need the class of every row")
        ids = {}
        cls = [ids.setdefault(c, len(ids)) for c in classes]  # numbered by first occurrence (MapValueToKey)
        rnd = DotNetRandom(seed)
        nxt = 0
        for c in range(len(ids)):
            members = [i for i in range(rows) if cls[i] == c]
            rnd.shuffle(members)
            for r in members:
                assignment[r] = nxt % k
                nxt += 1
    else:
        raise ValueError(mode)
    return assignment


def splits(assignment, k):
    """(train_idx, valid_idx) per fold, rows in file order, like sklearn's split()."""
    import numpy as np
    a = np.asarray(assignment)
    return [(np.flatnonzero(a != f), np.flatnonzero(a == f)) for f in range(k)]
