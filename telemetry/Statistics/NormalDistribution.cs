namespace CodeAssist.Telemetry.Statistics;

/// <summary>Standard normal tail probabilities (.NET has no erf).</summary>
public static class NormalDistribution
{
    /// <summary>The 97.5th percentile: two-sided 95%.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>P(|Z| &gt;= |z|).</summary>
    public static double TwoSidedP(double z) => Erfc(Math.Abs(z) / Math.Sqrt(2));

    /// <summary>Complementary error function, W. J. Cody's rational approximations (relative error below 1e-15).</summary>
    public static double Erfc(double x)
    {
        if (x < 0)
            return 2 - Erfc(-x);
        if (x < 0.5)
            return 1 - Erf(x);
        if (x < 4)
        {
            double[] p = [1230.33935479799725, 2051.07837782607147, 1712.04761263407058, 881.952221241769090, 298.635138197400131, 66.1191906371416295, 8.88314979438837594, 0.564188496988670089, 2.15311535474403846e-8];
            double[] q = [1230.33935480374942, 3439.36767414372164, 4362.61909014324716, 3290.79923573345963, 1621.38957456669019, 537.181101862009858, 117.693950891312499, 15.7449261107098347, 1];
            return Math.Exp(-x * x) * Polynomial(p, x) / Polynomial(q, x);
        }
        {
            double[] p = [6.58749161529837803e-4, 1.60837851487422766e-2, 1.25781726111229246e-1, 3.60344899949804439e-1, 3.05326634961232344e-1, 1.63153871373020978e-2];
            double[] q = [2.33520497626869185e-3, 6.05183413124413191e-2, 5.27905102951428412e-1, 1.87295284992346725, 2.56852019228982242, 1];
            var y = 1 / (x * x);
            return Math.Exp(-x * x) / x * (1 / Math.Sqrt(Math.PI) - y * Polynomial(p, y) / Polynomial(q, y));
        }
    }

    private static double Erf(double x)
    {
        double[] p = [3209.377589138469, 377.4852376853020, 113.8641541510502, 3.161123743870566, 0.1857777061846032];
        double[] q = [2844.236833439171, 1282.616526077372, 244.0246379344442, 23.60129095234412, 1];
        var y = x * x;
        return x * Polynomial(p, y) / Polynomial(q, y);
    }

    /// <summary>Evaluates sum(c[i] x^i).</summary>
    private static double Polynomial(double[] coefficients, double x)
    {
        var result = 0.0;
        for (var i = coefficients.Length - 1; i >= 0; i--)
            result = result * x + coefficients[i];
        return result;
    }
}
