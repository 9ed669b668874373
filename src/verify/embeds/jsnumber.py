"""JavaScript's `Number.prototype.toString(radix)` for doubles, digit for digit as V8 writes it."""

from __future__ import annotations

import math
import struct

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _exponent(value: float) -> int:
    """The binary exponent of `value` as V8's Double::Exponent (significand taken as a 53-bit integer)."""
    bits: int = struct.unpack("<Q", struct.pack("<d", value))[0]
    biased = (bits >> 52) & 0x7FF
    if biased == 0:  # subnormal
        return 1 - 0x3FF - 52
    return biased - 0x3FF - 52


def to_string(value: float, radix: int = 10) -> str:
    """Write `value` in `radix` (2..36) the way V8's DoubleToRadixCString does, fractional digits included.

    The fraction is written only to the precision the double carries (digits stop once the
    remainder is below half the gap to the next double), rounding half to even with carry.
    """
    if not 2 <= radix <= 36:
        raise ValueError("radix must be between 2 and 36")
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    negative = value < 0
    if negative:
        value = -value

    integer = math.floor(value)
    fraction = value - integer
    delta = max(0.5 * (math.nextafter(value, math.inf) - value), math.nextafter(0.0, 1.0))
    frac_digits: list[str] = []
    if fraction >= delta:
        while True:
            fraction *= radix
            delta *= radix
            digit = int(fraction)
            frac_digits.append(_DIGITS[digit])
            fraction -= digit
            if (fraction > 0.5 or (fraction == 0.5 and digit & 1)) and fraction + delta > 1:
                # Round up, carrying through already written digits (into the integer part if need be).
                while True:
                    if not frac_digits:
                        integer += 1
                        break
                    last = _DIGITS.index(frac_digits.pop())
                    if last + 1 < radix:
                        frac_digits.append(_DIGITS[last + 1])
                        break
                break
            if fraction < delta:
                break

    int_digits: list[str] = []
    whole = float(integer)
    # Digits below the double's precision are unknown: V8 writes zeros for them.
    while _exponent(whole / radix) > 0:
        whole /= radix
        int_digits.append("0")
    while True:
        remainder = math.fmod(whole, radix)
        int_digits.append(_DIGITS[int(remainder)])
        whole = (whole - remainder) / radix
        if whole <= 0:
            break
    out = "".join(reversed(int_digits))
    if frac_digits:
        out += "." + "".join(frac_digits)
    return "-" + out if negative else out
