#!/usr/bin/perl
# Metadata loop of the Indra benchmark suite (benchmarks/README.md, workload "metaloop").
#   metaloop.pl DIR N [READDIR_PASSES]
# In DIR (created, must not exist): creates N empty files f0..f(N-1) (open O_CREAT|O_WRONLY|O_EXCL, close),
# lstat()s each one, lists DIR READDIR_PASSES times (opendir/readdir/closedir), renames every fI to gI in the
# same directory, and unlinks every gI; then removes DIR. Every result is checked (a wrong readdir count or a
# failed call is an error: exit 1). Prints one line per phase, "PHASE SECONDS OPS", then "total SECONDS OPS".
# Plain perl (syscalls only) so that process start-up does not drown the file system's cost.
use strict;
use warnings;
use Fcntl qw(O_CREAT O_WRONLY O_EXCL);
use Time::HiRes qw(clock_gettime CLOCK_MONOTONIC);

my ($dir, $n, $passes) = @ARGV;
die "usage: metaloop.pl DIR N [READDIR_PASSES]\n" unless defined $n && $n =~ /^\d+$/;
$passes //= 10;
mkdir $dir or die "mkdir $dir: $!\n";

my @phases;
sub phase {
    my ($name, $ops, $body) = @_;
    my $t0 = clock_gettime(CLOCK_MONOTONIC);
    $body->();
    my $t1 = clock_gettime(CLOCK_MONOTONIC);
    push @phases, [$name, $t1 - $t0, $ops];
}

phase('create', $n, sub {
    for my $i (0 .. $n - 1) {
        sysopen(my $fh, "$dir/f$i", O_CREAT | O_WRONLY | O_EXCL, 0644) or die "create $dir/f$i: $!\n";
        close($fh) or die "close $dir/f$i: $!\n";
    }
});
phase('stat', $n, sub {
    for my $i (0 .. $n - 1) {
        my @st = lstat("$dir/f$i") or die "lstat $dir/f$i: $!\n";
        die "lstat $dir/f$i: size $st[7], expected 0\n" if $st[7] != 0;
    }
});
phase('readdir', $n * $passes, sub {
    for my $p (1 .. $passes) {
        opendir(my $dh, $dir) or die "opendir $dir: $!\n";
        my $count = 0;
        while (defined(my $e = readdir($dh))) { $count++ unless $e eq '.' || $e eq '..'; }
        closedir($dh);
        die "readdir $dir: $count entries, expected $n\n" if $count != $n;
    }
});
phase('rename', $n, sub {
    for my $i (0 .. $n - 1) { rename("$dir/f$i", "$dir/g$i") or die "rename $dir/f$i: $!\n"; }
});
phase('unlink', $n, sub {
    for my $i (0 .. $n - 1) { unlink("$dir/g$i") or die "unlink $dir/g$i: $!\n"; }
});
rmdir $dir or die "rmdir $dir: $!\n";

my ($total, $ops) = (0, 0);
for my $p (@phases) {
    printf "%s %.6f %d\n", @$p;
    $total += $p->[1];
    $ops += $p->[2];
}
printf "total %.6f %d\n", $total, $ops;
