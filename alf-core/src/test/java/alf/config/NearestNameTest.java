package alf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NearestNameTest {

    @Test
    void distanceMatchesHandComputedEditDistances() {
        assertEquals(3, NearestName.distance("kitten", "sitting"));
        assertEquals(0, NearestName.distance("lr", "lr"));
        assertEquals(2, NearestName.distance("", "lr"));
        assertEquals(1, NearestName.distance("Adam.lrr", "Adam.lr"));
        assertEquals(2, NearestName.distance("Adma", "Adam"));
    }

    @Test
    void nearestPicksTheClosestAndTheFirstOnTies() {
        assertEquals(Optional.of("Adam.beta2"),
                NearestName.nearest("Adam.betta2", List.of("Adam.lr", "Adam.beta1", "Adam.beta2")));
        assertEquals(Optional.of("ab"), NearestName.nearest("a", List.of("ab", "ac")));
        assertEquals(Optional.empty(), NearestName.nearest("a", List.of()));
    }
}
