namespace CodeAssist.Telemetry.Statistics;

/// <summary>
/// Student's t distribution for whole degrees of freedom. Its central probability has an exact finite sum (Abramowitz and
/// Stegun 26.7.3 and 26.7.4), so the critical value is found by bisection to full precision without an incomplete beta.
/// </summary>
public static class StudentTDistribution
{
    /// <summary>P(|T| &lt; <paramref name="t"/>) with <paramref name="degreesOfFreedom"/> degrees of freedom.</summary>
    public static double CentralProbability(double t, int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        var theta = Math.Atan(Math.Abs(t) / Math.Sqrt(degreesOfFreedom));
        var cosSquared = Math.Cos(theta) * Math.Cos(theta);
        if (degreesOfFreedom % 2 == 0)
            return Math.Sin(theta) * Series(1, 2, degreesOfFreedom, cosSquared);
        if (degreesOfFreedom == 1)
            return 2 * theta / Math.PI;
        return 2 / Math.PI * (theta + Math.Sin(theta) * Series(Math.Cos(theta), 3, degreesOfFreedom, cosSquared));
    }

    /// <summary>The t with P(|T| &lt; t) = <paramref name="confidence"/>: 2.776 for 4 degrees of freedom at 95%.</summary>
    public static double TwoSidedCritical(int degreesOfFreedom, double confidence = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(confidence, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(confidence, 1);
        var (low, high) = (0.0, 1.0);
        while (CentralProbability(high, degreesOfFreedom) < confidence)
            (low, high) = (high, high * 2);
        for (var i = 0; i < 200 && high - low > 1e-13 * high; i++)
        {
            var middle = (low + high) / 2;
            if (CentralProbability(middle, degreesOfFreedom) < confidence)
                low = middle;
            else
                high = middle;
        }
        return (low + high) / 2;
    }

    /// <summary>first + first·(j−1)/j·cos²θ + … over j = <paramref name="from"/>, from + 2, …, ν − 2: the bracket of both formulas.</summary>
    private static double Series(double first, int from, int degreesOfFreedom, double cosSquared)
    {
        var term = first;
        var sum = first;
        for (var j = from; j <= degreesOfFreedom - 2; j += 2)
        {
            term *= (j - 1.0) / j * cosSquared;
            sum += term;
        }
        return sum;
    }
}
