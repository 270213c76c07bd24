# wordfreq.pl - a small, deterministic Perl program to record.
#
# Perl keeps its scalars in arenas but gives each string its own malloc'd
# buffer, grown with realloc, so a text-processing script makes many small
# blocks of every size and many reallocs. This one makes a text from a fixed
# linear congruential generator, counts its words in a hash, sorts them,
# builds a report line by line and rewrites the text with substitutions. It
# does the same work on every machine and prints one line of totals.
#
#     perl tools/recorder/workloads/wordfreq.pl [WORDS]

use strict;
use warnings;

my @syllables = qw(ka lo mi ne ru sa ti vo xe zu an el or us);
my $state = 1998;

# A 31-bit linear congruential generator: the same numbers on every perl,
# whatever its integer size.
sub below {
    my ($bound) = @_;
    $state = ($state * 1103515245 + 12345) % 2147483648;
    return int($state / 65536) % $bound;
}

sub make_word {
    my $length = 1 + below(4);
    return join "", map { $syllables[below(scalar @syllables)] } 1 .. $length;
}

my $word_count = @ARGV ? $ARGV[0] : 4500;
my @words = map { make_word() } 1 .. $word_count;

my %counts;
$counts{$_}++ for @words;
my @ranked = sort { $counts{$b} <=> $counts{$a} || $a cmp $b } keys %counts;

my $report = "";
for my $word (@ranked[0 .. ($#ranked < 499 ? $#ranked : 499)]) {
    $report .= sprintf "%-20s %6d\n", $word, $counts{$word};
}

my $text = join " ", @words;
(my $shouted = $text) =~ s/\b(\w)(\w*)/\U$1\E$2/g;
my @sentences = split /(?<=o) /, $shouted;

my %by_length;
push @{ $by_length{ length $_ } }, $_ for @words;
my $longest = 0;
for my $length (keys %by_length) {
    $longest = $length if $length > $longest;
}

printf "wordfreq.pl: %d words, %d distinct, %d sentences, longest %d, "
    . "report %d bytes\n", scalar @words, scalar @ranked, scalar @sentences,
    $longest, length $report;
