package alf.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The results table in its three formats. */
class SummaryTableTest {

    private static CombinationResult row(String label) {
        Combination c = new Combination(label, "d", List.of());
        return new CombinationResult(c, List.of(0L, 1L), new long[] {0}, new double[] {1}, new double[] {0},
                new MeanStd(-150.25, 12.5, 2), new MeanStd(-400.125, 3.0, 2), new MeanStd(61.0, 2.0, 2));
    }

    @Test
    void csvKeepsFullPrecisionAndQuotesLabelsWithCommas() {
        String csv = SummaryTable.csv(List.of(row("Adam"), row("v, a=\"x\"")));
        assertEquals("""
                combination,seeds,final_return_mean,final_return_std,auc_mean,auc_std,wall_seconds_mean,wall_seconds_std
                Adam,0 1,-150.25,12.5,-400.125,3.0,61.0,2.0
                "v, a=""x\""",0 1,-150.25,12.5,-400.125,3.0,61.0,2.0
                """, csv);
    }

    @Test
    void markdownAndHtmlShowMeanPlusMinusStd() {
        String md = SummaryTable.markdown(List.of(row("a|b")));
        assertTrue(md.contains("| a\\|b | 2 | -150.25 ± 12.50 | -400.13 ± 3.00 | 61.00 ± 2.00 |"), md);
        String html = SummaryTable.html(List.of(row("<AdamTF>")));
        assertTrue(html.contains("<td>&lt;AdamTF&gt;</td><td>0 1</td><td>-150.25 ± 12.50</td>"), html);
    }
}
