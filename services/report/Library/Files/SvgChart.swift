import Foundation

/// Charts as inline SVG (no scripts, no external assets), sized by `viewBox` so they scale with the page.
enum SvgChart {
    /// One bar: its label and value.
    struct Bar: Sendable {
        var label: String
        var value: Double
    }

    /// Horizontal bars, longest first as given, each labelled with its value (`format` writes it).
    static func horizontalBars(
        _ bars: [Bar], title: String, color: String = "#1f6feb",
        format: (Double) -> String = { SvgChart.formatCount($0) }
    ) -> String {
        let rowHeight = 26.0
        let labelWidth = 260.0
        let width = 760.0
        let height = max(rowHeight * Double(bars.count) + 10, 40)
        let maximum = max(bars.map(\.value).max() ?? 0, 1)
        var svg = """
            <svg class="chart" role="img" aria-label="\(escape(title))" viewBox="0 0 \(width) \(height)" \
            xmlns="http://www.w3.org/2000/svg"><title>\(escape(title))</title>
            """
        if bars.isEmpty {
            svg += "<text x=\"10\" y=\"25\" class=\"muted\">Không có số liệu</text>"
        }
        for (index, bar) in bars.enumerated() {
            let y = Double(index) * rowHeight + 5
            let length = (width - labelWidth - 80) * bar.value / maximum
            svg += """
                <text x="\(labelWidth - 8)" y="\(y + 17)" text-anchor="end">\(escape(String(bar.label.prefix(40))))\
                </text><rect x="\(labelWidth)" y="\(y + 3)" width="\(String(format: "%.1f", length))" height="\(rowHeight - 8)" \
                rx="3" fill="\(color)"/><text x="\(labelWidth + length + 6)" y="\(y + 17)">\(escape(format(bar.value)))</text>
                """
        }
        return svg + "</svg>"
    }

    /// Vertical paired columns per period (e.g. sent and received per week), with a legend.
    static func pairedColumns(
        _ periods: [(label: String, first: Double, second: Double)], names: (String, String), title: String
    ) -> String {
        let width = 760.0
        let height = 260.0
        let top = 30.0
        let bottom = 40.0
        let left = 50.0
        let plotHeight = height - top - bottom
        let slot = (width - left - 10) / Double(max(periods.count, 1))
        let maximum = max(periods.map { max($0.first, $0.second) }.max() ?? 0, 1)
        var svg = """
            <svg class="chart" role="img" aria-label="\(escape(title))" viewBox="0 0 \(width) \(height)" \
            xmlns="http://www.w3.org/2000/svg"><title>\(escape(title))</title>\
            <rect x="\(left)" y="8" width="12" height="12" fill="#1f6feb"/><text x="\(left + 18)" y="18">\(escape(names.0))</text>\
            <rect x="\(left + 160)" y="8" width="12" height="12" fill="#f0883e"/><text x="\(left + 178)" y="18">\(escape(names.1))</text>\
            <line x1="\(left)" y1="\(top + plotHeight)" x2="\(width - 10)" y2="\(top + plotHeight)" stroke="#999"/>\
            <text x="\(left - 6)" y="\(top + 4)" text-anchor="end" class="muted">\(formatCount(maximum))</text>
            """
        for (index, period) in periods.enumerated() {
            let x = left + Double(index) * slot
            let barWidth = max(slot / 2 - 3, 1)
            for (offset, value, color) in [(0.0, period.first, "#1f6feb"), (barWidth, period.second, "#f0883e")] {
                let barHeight = plotHeight * value / maximum
                svg += """
                    <rect x="\(String(format: "%.1f", x + 2 + offset))" y="\(String(format: "%.1f", top + plotHeight - barHeight))" \
                    width="\(String(format: "%.1f", barWidth))" height="\(String(format: "%.1f", barHeight))" fill="\(color)">\
                    <title>\(escape(period.label)): \(formatCount(value))</title></rect>
                    """
            }
            svg += """
                <text x="\(String(format: "%.1f", x + slot / 2))" y="\(top + plotHeight + 16)" text-anchor="middle" \
                class="small">\(escape(period.label))</text>
                """
        }
        return svg + "</svg>"
    }

    /// A share as a ring, with the percentage in the middle.
    static func ring(_ share: Double, title: String, color: String) -> String {
        let radius = 50.0
        let circumference = 2 * Double.pi * radius
        let filled = circumference * min(max(share, 0), 1)
        return """
            <svg class="ring" role="img" aria-label="\(escape(title))" viewBox="0 0 140 140" \
            xmlns="http://www.w3.org/2000/svg"><title>\(escape(title))</title>\
            <circle cx="70" cy="70" r="\(radius)" fill="none" stroke="#e6e6e6" stroke-width="16"/>\
            <circle cx="70" cy="70" r="\(radius)" fill="none" stroke="\(color)" stroke-width="16" \
            stroke-dasharray="\(String(format: "%.2f", filled)) \(String(format: "%.2f", circumference))" \
            transform="rotate(-90 70 70)"/>\
            <text x="70" y="77" text-anchor="middle" class="big">\(formatPercent(share))</text></svg>
            """
    }

    /// `12.345` (Vietnamese thousands separator).
    static func formatCount(_ value: Double) -> String {
        let digits = String(Int64(value.rounded()))
        var result = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0 && index % 3 == 0 && character != "-" { result.append(".") }
            result.append(character)
        }
        return String(result.reversed())
    }

    /// `97,5 %`.
    static func formatPercent(_ share: Double) -> String {
        String(format: "%.1f", share * 100).replacingOccurrences(of: ".", with: ",") + " %"
    }

    /// Text escaped for HTML and SVG.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
