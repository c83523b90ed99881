using System.Runtime.CompilerServices;

// Every native signature in this assembly is blittable: no runtime marshalling stubs, no hidden allocations.
[assembly: DisableRuntimeMarshalling]
