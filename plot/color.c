/*
 * color.c — the categorical palette and the continuous colour maps.
 *
 * The palette is Okabe & Ito's eight colours (designed to stay distinct
 * under the common colour-vision deficiencies), reordered so that the
 * first few are the strongest on white and yellow comes last. The maps are
 * piecewise-linear in sRGB between anchor colours: viridis (sequential,
 * perceptually uniform; 17 anchors sampled from the published map), RdBu
 * (ColorBrewer's 11-class diverging map, blue at 0 and red at 1 so that
 * positive correlations read "hot") and Blues (ColorBrewer, 9 classes).
 * Invariant: every function returns components in [0, 1].
 */
#include "plot/plotint.h"

#include <math.h>

PlotColor pl_rgb(unsigned hex)
{
    return (PlotColor){ ((hex >> 16) & 255) / 255.0, ((hex >> 8) & 255) / 255.0, (hex & 255) / 255.0 };
}

static const unsigned okabe_ito[PLOT_PALETTE_SIZE] = {
    0x0072B2, /* blue */
    0xE69F00, /* orange */
    0x009E73, /* bluish green */
    0xD55E00, /* vermillion */
    0xCC79A7, /* reddish purple */
    0x56B4E9, /* sky blue */
    0x999999, /* grey (in place of black, which reads as an axis) */
    0xF0E442, /* yellow: weakest on white, so last */
};

PlotColor plot_palette(int i)
{
    if (i < 0) i = -i;
    return pl_rgb(okabe_ito[i % PLOT_PALETTE_SIZE]);
}

static const double viridis[17][3] = {
    {0.2670, 0.0049, 0.3294}, {0.2823, 0.0950, 0.4173}, {0.2788, 0.1755, 0.4834},
    {0.2590, 0.2515, 0.5247}, {0.2297, 0.3224, 0.5457}, {0.1994, 0.3876, 0.5546},
    {0.1727, 0.4488, 0.5579}, {0.1490, 0.5081, 0.5573}, {0.1276, 0.5669, 0.5506},
    {0.1206, 0.6258, 0.5335}, {0.1579, 0.6838, 0.5017}, {0.2461, 0.7389, 0.4520},
    {0.3692, 0.7889, 0.3829}, {0.5160, 0.8312, 0.2943}, {0.6785, 0.8637, 0.1895},
    {0.8456, 0.8873, 0.0997}, {0.9932, 0.9062, 0.1439},
};

/* ColorBrewer RdBu, listed from blue (low) to red (high). */
static const unsigned rdbu[11] = {
    0x053061, 0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7,
    0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b, 0x67001f,
};

static const unsigned blues[9] = {
    0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c, 0x08306b,
};

PlotColor pl_mix(PlotColor a, PlotColor b, double t)
{
    return (PlotColor){ a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t };
}

static PlotColor interp_hex(const unsigned *tab, int n, double t)
{
    double p = t * (n - 1);
    int i = (int)floor(p);
    if (i >= n - 1) return pl_rgb(tab[n - 1]);
    return pl_mix(pl_rgb(tab[i]), pl_rgb(tab[i + 1]), p - i);
}

PlotColor plot_cmap(PlotCmap m, double t)
{
    if (isnan(t)) return pl_rgb(0xdddddd);
    if (t < 0) t = 0;
    if (t > 1) t = 1;
    if (m == PLOT_CMAP_RDBU) return interp_hex(rdbu, 11, t);
    if (m == PLOT_CMAP_BLUES) return interp_hex(blues, 9, t);
    double p = t * 16;
    int i = (int)floor(p);
    if (i >= 16) return (PlotColor){ viridis[16][0], viridis[16][1], viridis[16][2] };
    PlotColor a = { viridis[i][0], viridis[i][1], viridis[i][2] };
    PlotColor b = { viridis[i + 1][0], viridis[i + 1][1], viridis[i + 1][2] };
    return pl_mix(a, b, p - i);
}

/* Relative luminance (WCAG), used to pick black or white annotation text. */
double pl_luminance(PlotColor c)
{
    double v[3] = { c.r, c.g, c.b };
    for (int i = 0; i < 3; i++)
        v[i] = v[i] <= 0.03928 ? v[i] / 12.92 : pow((v[i] + 0.055) / 1.055, 2.4);
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}
