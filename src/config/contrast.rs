//! Brand colours that stay readable. A brand's `brandColor` is kept as it is for decoration
//! (the header bar), but text and focus rings in that colour must reach WCAG 2.2's contrast
//! ratios against the theme's backgrounds: 4.5:1 for text (SC 1.4.3), 3:1 for focus rings
//! (SC 1.4.11), in the light and in the dark colour scheme. A colour that falls short is moved
//! to the nearest colour of the same hue that reaches the ratio: HSL hue and saturation kept,
//! lightness moved as little as it takes. This module does the WCAG maths (with the `palette`
//! crate) and writes the brand's `brand.css`; it does not know which elements use which
//! variable (that is the theme's stylesheet).

use palette::color_difference::Wcag21RelativeContrast;
use palette::{FromColor, Hsl, Srgb};
use std::str::FromStr;

/// The least contrast of text against its background (WCAG 2.2 SC 1.4.3, level AA).
pub const TEXT_RATIO: f32 = 4.5;
/// The least contrast of a focus ring against what is next to it (SC 1.4.11).
pub const FOCUS_RATIO: f32 = 3.0;

/// The light scheme's backgrounds that brand-coloured text and rings sit on in the default
/// theme's `style.css`: the page, the panels (table of contents) and a `:target` clause.
pub const LIGHT_BACKGROUNDS: [&str; 3] = ["#ffffff", "#f4f6f8", "#fff8e1"];
/// The same backgrounds in the dark scheme (`prefers-color-scheme: dark`).
pub const DARK_BACKGROUNDS: [&str; 3] = ["#0d1117", "#161b22", "#2b2410"];

/// A colour written `#rgb` or `#rrggbb` (with or without `#`).
pub fn parse(hex: &str) -> Option<Srgb<u8>> {
    Srgb::from_str(hex).ok()
}

/// `#rrggbb`.
pub fn hex(c: Srgb<u8>) -> String {
    format!("#{:02x}{:02x}{:02x}", c.red, c.green, c.blue)
}

/// The WCAG 2.x contrast ratio of two colours, from 1 to 21.
pub fn ratio(a: Srgb<u8>, b: Srgb<u8>) -> f32 {
    a.into_format::<f32>().relative_contrast(b.into_format())
}

/// The least contrast of `c` against any of `backgrounds`.
fn worst(c: Srgb<u8>, backgrounds: &[Srgb<u8>]) -> f32 {
    backgrounds.iter().map(|b| ratio(c, *b)).fold(f32::INFINITY, f32::min)
}

/// `color` itself when it reaches `min` against every background, else the colour of the
/// same HSL hue and saturation whose lightness is nearest to `color`'s and that does
/// (black or white at the very end, which reach 4.5:1 against any background that some
/// colour of the hue can).
pub fn nearest_reaching(color: Srgb<u8>, backgrounds: &[Srgb<u8>], min: f32) -> Srgb<u8> {
    if worst(color, backgrounds) >= min {
        return color;
    }
    let hsl = Hsl::from_color(color.into_format::<f32>());
    let candidates = [0.0, 1.0].map(|end| toward(hsl, end, backgrounds, min));
    candidates.into_iter().flatten().min_by(|a, b| a.0.total_cmp(&b.0)).map_or(color, |(_, c)| c)
}

/// Moving `hsl`'s lightness toward `end`: the nearest colour that reaches `min`, and how far
/// its lightness moved; none when even `end` does not. Contrast against backgrounds all on
/// one side grows monotonically along the way, so a bisection finds the edge.
fn toward(
    hsl: Hsl<palette::encoding::Srgb, f32>,
    end: f32,
    bgs: &[Srgb<u8>],
    min: f32,
) -> Option<(f32, Srgb<u8>)> {
    let at = |l: f32| -> Srgb<u8> { Srgb::from_color(Hsl::new(hsl.hue, hsl.saturation, l)).into_format() };
    if worst(at(end), bgs) < min {
        return None;
    }
    let (mut near, mut far) = (hsl.lightness, end);
    for _ in 0..32 {
        let mid = (near + far) / 2.0;
        if worst(at(mid), bgs) >= min {
            far = mid;
        } else {
            near = mid;
        }
    }
    Some(((far - hsl.lightness).abs(), at(far)))
}

/// The text and focus-ring colours of `color` for one scheme's backgrounds.
fn adjusted(color: Srgb<u8>, backgrounds: &[&str]) -> (String, String) {
    let bgs: Vec<Srgb<u8>> = backgrounds.iter().filter_map(|b| parse(b)).collect();
    (hex(nearest_reaching(color, &bgs, TEXT_RATIO)), hex(nearest_reaching(color, &bgs, FOCUS_RATIO)))
}

/// The brand's stylesheet: `--brand` as given (decoration), and `--brand-text` and
/// `--brand-focus` adjusted for the light scheme and, in a media query, for the dark one.
/// `color` is a hex colour (see [`crate::context::brand_color`]); anything else sets
/// `--brand` alone.
pub fn brand_css(color: &str) -> String {
    let Some(c) = parse(color) else {
        return format!(":root {{ --brand: {color}; }}\n");
    };
    let (text, focus) = adjusted(c, &LIGHT_BACKGROUNDS);
    let (dark_text, dark_focus) = adjusted(c, &DARK_BACKGROUNDS);
    format!(
        ":root {{ --brand: {color}; --brand-text: {text}; --brand-focus: {focus}; }}\n\
         @media screen and (prefers-color-scheme: dark) {{\n  \
         :root {{ --brand-text: {dark_text}; --brand-focus: {dark_focus}; }}\n}}\n"
    )
}

/// `css` with every text colour (`color: #rrggbb`, not `background-color`) moved, as in
/// [`nearest_reaching`], to reach 4.5:1 against every one of `backgrounds`: for stylesheets
/// made elsewhere, such as a syntax-highlighting theme.
pub fn readable_css(css: &str, backgrounds: &[&str]) -> String {
    let bgs: Vec<Srgb<u8>> = backgrounds.iter().filter_map(|b| parse(b)).collect();
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find("color: #") {
        let (before, from) = rest.split_at(at + "color: ".len());
        out.push_str(before);
        let value = from.get(..7).filter(|v| v[1..].chars().all(|c| c.is_ascii_hexdigit()));
        let is_text = !before.ends_with("-color: ");
        match value.and_then(parse) {
            Some(c) if is_text => {
                out.push_str(&hex(nearest_reaching(c, &bgs, TEXT_RATIO)));
                rest = &from[7..];
            }
            _ => rest = from,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(hex: &str) -> Srgb<u8> {
        parse(hex).unwrap()
    }

    #[test]
    fn contrast_ratios_are_those_of_wcag() {
        assert!((ratio(c("#000"), c("#fff")) - 21.0).abs() < 0.01);
        assert!((ratio(c("#fff"), c("#fff")) - 1.0).abs() < 0.001);
        // WebAIM's checker: #777777 on white is 4.48:1, just short of AA.
        assert!((ratio(c("#777777"), c("#ffffff")) - 4.48).abs() < 0.01);
        assert_eq!(ratio(c("#1f4e9a"), c("#fff")), ratio(c("#fff"), c("#1f4e9a")));
    }

    #[test]
    fn a_colour_that_reaches_the_ratio_is_kept() {
        let white = [c("#ffffff")];
        assert_eq!(nearest_reaching(c("#1f4e9a"), &white, TEXT_RATIO), c("#1f4e9a"));
    }

    #[test]
    fn a_light_colour_is_darkened_just_enough_and_keeps_its_hue() {
        let bgs: Vec<_> = LIGHT_BACKGROUNDS.iter().map(|b| c(b)).collect();
        let yellow = c("#f5e663");
        let text = nearest_reaching(yellow, &bgs, TEXT_RATIO);
        assert!(worst(text, &bgs) >= TEXT_RATIO);
        assert!(worst(text, &bgs) < TEXT_RATIO + 0.15, "no darker than it takes: {}", hex(text));
        let hue = |x: Srgb<u8>| Hsl::from_color(x.into_format::<f32>()).hue.into_positive_degrees();
        assert!((hue(text) - hue(yellow)).abs() < 3.0, "{} keeps the hue of #f5e663", hex(text));
        let focus = nearest_reaching(yellow, &bgs, FOCUS_RATIO);
        assert!(worst(focus, &bgs) >= FOCUS_RATIO && ratio(focus, c("#fff")) < ratio(text, c("#fff")));
    }

    #[test]
    fn a_dark_colour_is_lightened_for_the_dark_scheme() {
        let bgs: Vec<_> = DARK_BACKGROUNDS.iter().map(|b| c(b)).collect();
        let navy = c("#111122");
        let text = nearest_reaching(navy, &bgs, TEXT_RATIO);
        assert!(worst(text, &bgs) >= TEXT_RATIO, "{}", hex(text));
        assert!(text.red < text.blue, "{} stays blue", hex(text));
    }

    #[test]
    fn grey_and_pure_colours_reach_the_ratio_on_both_schemes() {
        for color in
            ["#808080", "#ff0000", "#00ff00", "#0000ff", "#ffff00", "#000", "#fff", "#f5e663", "#111122"]
        {
            for bgs in [&LIGHT_BACKGROUNDS, &DARK_BACKGROUNDS] {
                let bgs: Vec<_> = bgs.iter().map(|b| c(b)).collect();
                for min in [TEXT_RATIO, FOCUS_RATIO] {
                    let got = nearest_reaching(c(color), &bgs, min);
                    assert!(worst(got, &bgs) >= min, "{color} → {} ({min}:1)", hex(got));
                }
            }
        }
    }

    #[test]
    fn brand_css_keeps_the_colour_for_decoration_and_adjusts_text_in_both_schemes() {
        let css = brand_css("#f5e663");
        assert!(css.starts_with(":root { --brand: #f5e663; --brand-text: #"), "{css}");
        assert!(css.contains("@media screen and (prefers-color-scheme: dark)"), "{css}");
        let dark = css.split("dark)").nth(1).unwrap();
        assert!(dark.contains("--brand-text: #f5e663;"), "light yellow already reads on dark: {css}");
        assert_eq!(brand_css("red"), ":root { --brand: red; }\n");
    }

    #[test]
    fn a_stylesheet_s_text_colours_are_made_readable_and_its_backgrounds_kept() {
        let css = ".a {\n color: #969896;\n background-color: #ffffff;\n}\n.b { color: #1b1f24; }";
        let got = readable_css(css, &["#ffffff"]);
        assert!(got.contains("background-color: #ffffff;") && got.contains("color: #1b1f24;"), "{got}");
        let grey = got.split("color: ").nth(1).unwrap().get(..7).unwrap();
        assert_ne!(grey, "#969896", "2.9:1 on white: darkened");
        assert!(ratio(c(grey), c("#fff")) >= TEXT_RATIO, "{got}");
        assert_eq!(readable_css("color: #12;", &["#fff"]), "color: #12;");
    }

    #[test]
    fn the_backgrounds_are_those_of_the_default_stylesheet() {
        let css = include_str!("../../themes/default/static/style.css");
        for bg in LIGHT_BACKGROUNDS.iter().chain(&DARK_BACKGROUNDS) {
            assert!(css.contains(bg), "style.css has no {bg}: keep contrast.rs in step with it");
        }
    }
}
